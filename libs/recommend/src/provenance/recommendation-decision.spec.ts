import { describe, expect, it } from 'vitest';
import { parseRecommendationDecision } from './recommendation-decision';

describe(parseRecommendationDecision.name, () => {
  it('should take an acceptance without a reason and an override with one', () => {
    expect(parseRecommendationDecision({ decision: 'accepted' })).toEqual({ decision: 'accepted', reason: null });
    expect(parseRecommendationDecision({ decision: 'overridden', reason: ' INR unstable this week ' })).toEqual({ decision: 'overridden', reason: 'INR unstable this week' });
  });

  it.each([
    [{ decision: 'overridden' }, 'reason'],
    [{ decision: 'overridden', reason: '   ' }, 'reason'],
    [{ decision: 'applied' }, 'decision'],
    [{ decision: 'accepted', reason: 'x'.repeat(2001) }, 'reason'],
    [{ decision: 'accepted', by: 'me' }, 'by'],
    [null, 'body'],
  ])('should refuse %j naming %s', (body, field) => {
    expect(() => parseRecommendationDecision(body)).toThrow(expect.objectContaining({ field }));
  });
});
