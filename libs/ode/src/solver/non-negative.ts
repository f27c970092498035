/** Sets the listed components of v that went negative to 0; true when any did. */
export function clipNegative(v: Float64Array, indices: Int32Array): boolean {
  let clipped = false;
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (v[i] < 0) {
      v[i] = 0;
      clipped = true;
    }
  }
  return clipped;
}
