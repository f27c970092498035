export * from './types';
export { OdeOptionError } from './ode-option.error';
export { solve } from './solver/solve';
export { autoSwitch, dopri5, rodas4, tsit5 } from './methods';
export { DOPRI5_TABLEAU } from './tableaus/dopri5';
export { TSIT5_TABLEAU } from './tableaus/tsit5';
export { RODAS4_TABLEAU } from './tableaus/rodas4';
export { luFactor, luSolve } from './linalg/dense-lu';
