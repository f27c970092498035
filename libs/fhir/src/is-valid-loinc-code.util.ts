/**
 * Whether a string is a well-formed LOINC code with the right check digit: the Mod 10 algorithm of the LOINC
 * Users' Guide (Appendix: "Calculating Mod 10 check digits"), the Luhn scheme: from the right, double every
 * other digit of the body starting with the rightmost, sum the digits of the results with the undoubled ones,
 * and the check digit brings the sum to a multiple of 10. Catches most one-digit typos in device payloads.
 */
export function isValidLoincCode(code: string): boolean {
  const m = /^(\d{1,7})-(\d)$/.exec(code);
  if (!m) return false;
  const body = m[1]!;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      const doubled = digit * 2;
      sum += doubled > 9 ? doubled - 9 : doubled;
    } else sum += digit;
  }
  return (10 - (sum % 10)) % 10 === Number(m[2]);
}
