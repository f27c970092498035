/** How deep a request body may nest: a FHIR Bundle of Observations needs about 10 levels; extensions a few more. */
export const JSON_MAX_DEPTH = 64;

/**
 * Whether a parsed JSON value nests deeper than `maxDepth` (objects and arrays), checked without recursion so
 * that a body nested 20,000 deep cannot overflow the stack here or in any recursive walk after it.
 */
export function exceedsJsonDepth(value: unknown, maxDepth = JSON_MAX_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= maxDepth) return true;
    const children = Array.isArray(node) ? node : Object.values(node as Record<string, unknown>);
    for (const child of children) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}
