import { evaluate } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { UnsupportedSbmlError } from '../errors/sbml-error';
import { parseXml } from '../xml/xml-tree.util';
import { astToJs, JS_HELPERS } from './ast-to-js.util';
import { astToMathjs } from './ast-to-mathjs.util';
import { mathmlToAst } from './mathml-to-ast.util';

const SCOPE = { a: 2.5, b: -1.25, c: 0.4, t: 1.7 };

/** Evaluate one MathML snippet through both emitters: generated JS and mathjs on the emitted text. */
function both(mathml: string): { js: number; mathjs: number; text: string } {
  const ast = mathmlToAst(parseXml(`<math xmlns="http://www.w3.org/1998/Math/MathML">${mathml}</math>`));
  const code = astToJs(ast, { symbol: (n) => `s.${n}`, time: 's.t' });
  const js = Number(new Function('H', 's', `return ${code};`)(JS_HELPERS, SCOPE));
  const text = astToMathjs(ast);
  return { js, mathjs: Number(evaluate(text, { ...SCOPE })), text };
}

const TIME = '<csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/time">t</csymbol>';

describe(mathmlToAst.name, () => {
  const cases: [string, string, number][] = [
    ['n-ary plus', '<apply><plus/><ci>a</ci><ci>b</ci><cn>3</cn></apply>', 4.25],
    ['unary minus', '<apply><minus/><ci>a</ci></apply>', -2.5],
    ['power', '<apply><power/><ci>a</ci><cn>3</cn></apply>', 15.625],
    ['cube root', '<apply><root/><degree><cn>3</cn></degree><cn>27</cn></apply>', 3],
    ['square root', '<apply><root/><ci>a</ci></apply>', Math.sqrt(2.5)],
    ['log base 2', '<apply><log/><logbase><cn>2</cn></logbase><cn>8</cn></apply>', 3],
    ['log base 10', '<apply><log/><cn>1000</cn></apply>', 3],
    ['ln', '<apply><ln/><exponentiale/></apply>', 1],
    ['e-notation', '<cn type="e-notation"> 1.5 <sep/> -3 </cn>', 1.5e-3],
    ['rational', '<cn type="rational"> 3 <sep/> 4 </cn>', 0.75],
    ['factorial', '<apply><factorial/><cn>5</cn></apply>', 120],
    ['ceiling', '<apply><ceiling/><ci>b</ci></apply>', -1],
    ['sec', '<apply><sec/><ci>c</ci></apply>', 1 / Math.cos(0.4)],
    ['arccoth', '<apply><arccoth/><ci>a</ci></apply>', Math.atanh(1 / 2.5)],
    ['rem (truncated)', '<apply><rem/><cn>-7</cn><cn>3</cn></apply>', -1],
    ['quotient (truncated)', '<apply><quotient/><cn>-7</cn><cn>2</cn></apply>', -3],
    ['time', `<apply><times/>${TIME}<cn>2</cn></apply>`, 3.4],
    ['max', '<apply><max/><ci>a</ci><ci>b</ci><ci>c</ci></apply>', 2.5],
    ['piecewise', `<piecewise><piece><cn>1</cn><apply><lt/><ci>a</ci><ci>b</ci></apply></piece><piece><cn>2</cn><apply><geq/><ci>a</ci><cn>2</cn><ci>c</ci></apply></piece><otherwise><cn>3</cn></otherwise></piecewise>`, 2],
    ['xor of three', '<apply><xor/><true/><true/><true/></apply>', 1],
    ['implies', '<apply><implies/><false/><apply><eq/><ci>a</ci><ci>b</ci></apply></apply>', 1],
    ['chained neq', '<apply><and/><apply><neq/><ci>a</ci><ci>b</ci></apply><apply><not/><apply><gt/><ci>c</ci><ci>a</ci></apply></apply></apply>', 1],
  ];
  it.each(cases)('should evaluate %s identically in JavaScript and mathjs when read from MathML', (_name, mathml, expected) => {
    const sut = both(mathml);
    expect(sut.js).toBeCloseTo(expected, 12);
    expect(sut.mathjs).toBeCloseTo(expected, 12);
  });

  it('should refuse MathML outside the SBML subset with a typed error naming the element', () => {
    expect(() => both('<apply><sum/><ci>a</ci></apply>')).toThrow(UnsupportedSbmlError);
    expect(() => both('<apply><sum/><ci>a</ci></apply>')).toThrow(/<sum>/);
  });
});
