/**
 * Frequently sampled i.v. glucose tolerance test of a normal subject, published in Pacini G, Bergman RN.
 * MINMOD. Comput Methods Programs Biomed 1986;23:113–122 (the example data of the MINMOD program), as
 * reproduced in the MLAB worked example of the minimal models (civilized.com/mlabexamples/glucose.htmld).
 * Columns: minutes after the bolus, plasma glucose (mg/dL), plasma insulin (µU/mL).
 */
export const PACINI_BERGMAN_1986_FSIGT: readonly (readonly [number, number, number])[] = [
  [0, 92, 11],
  [2, 350, 26],
  [4, 287, 130],
  [6, 251, 85],
  [8, 240, 51],
  [10, 216, 49],
  [12, 211, 45],
  [14, 205, 41],
  [16, 196, 35],
  [19, 192, 30],
  [22, 172, 30],
  [27, 163, 27],
  [32, 142, 30],
  [42, 124, 22],
  [52, 105, 15],
  [62, 92, 15],
  [72, 84, 11],
  [82, 77, 10],
  [92, 82, 8],
  [102, 81, 11],
  [122, 82, 7],
  [142, 82, 8],
  [162, 85, 8],
  [182, 90, 7],
];
