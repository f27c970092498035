"""
Replays final-stage gates of the T1D settings optimiser on the finalists of a tuning run (issue 15, item 2;
docs/validation.md): reads the --json output of `tsx bench/optimise-validation.ts --role tuning --variants FILE
--diagnose --json OUT`, in which every finalist of every person carries its predicted paired effects and the true
person's 14 days on it, and prints, per variant, what each combination of gates would have offered and what the
truth made of it. With the run's own gates it reproduces the run's choice (a check of the replay). It cannot replay
the screening stage, which the variant's own gates steered; hard-limit refusals (caps, step, severe-hypo
probability) always stand. Person-bootstrap 95 % intervals (2,000 replicates), as the validation's.
Usage: python3 bench/optimise-replay-gates.py OUT.json
"""
import itertools
import json
import random
import sys

HARD = ('severe_hypo', 'outside the caps', 'more than ±')


def bootstrap(xs, n=2000):
    rng = random.Random(1)
    means = sorted(sum(xs[rng.randrange(len(xs))] for _ in xs) / len(xs) for _ in range(n))
    return sum(xs) / len(xs), means[int(0.025 * n)], means[int(0.975 * n) - 1]


def passes(f, p_improving, p_rise, tol70, tol54):
    pr = f['predicted']
    if any(h in r for r in f['reasons'] for h in HARD):
        return False
    now70, now54 = pr['tbr70Now'], pr['tbr54Now']
    return (
        pr['tirGain'] > 0
        and pr['improving'] >= p_improving
        and pr['tbr70Rising'] <= p_rise + 1e-9
        and now70 + pr['tbr70Change'] <= max(min(4, now70 + 0.25), now70 + tol70) + 1e-9
        and now54 + pr['tbr54Change'] <= max(1, now54 + tol54) + 1e-9
    )


def replay(patients, *gates):
    success = tolerant = no_change = 0
    tir, tbr = [], []
    for p in patients:
        start = p['truthStart']
        offered = [f for f in p.get('finalists') or [] if passes(f, *gates)]
        truth = start if not offered else max(offered, key=lambda f: f['predicted']['tirGain'])['truth']
        no_change += not offered
        raised = truth['tir'] > start['tir']
        success += raised and truth['tbr70'] <= start['tbr70']
        tolerant += raised and truth['tbr70'] <= start['tbr70'] + 0.25
        tir.append(truth['tir'] - start['tir'])
        tbr.append(truth['tbr70'] - start['tbr70'])
    n = len(patients)
    a, b = bootstrap(tir), bootstrap(tbr)
    return f'{success}/{n} | {tolerant}/{n} | {no_change} | {a[0]:+.1f} ({a[1]:+.1f} to {a[2]:+.1f}) | {b[0]:+.2f} ({b[1]:+.2f} to {b[2]:+.2f})'


def main():
    run = json.load(open(sys.argv[1]))
    for result in run['results']:
        patients = result['patients']
        print(f"== {result['variant']}: as run {sum(p['success'] for p in patients)}/{len(patients)}, no change {sum(p['recommended'] is None for p in patients)}")
        print('| improving ≥ | P(TBR<70 rise) ≤ | tolerance < 70 | tolerance < 54 | success | within 0.25 | no change | mean TIR change | mean TBR<70 change |')
        for gates in itertools.product([0, 0.5], [0.2, 0.3, 0.5, 1], [0, 0.25], [0, 0.1]):
            print('| ' + ' | '.join(map(str, gates)) + ' | ' + replay(patients, *gates) + ' |')


if __name__ == '__main__':
    main()
