import { SbmlError, SbmlErrorCode, UnsupportedSbmlError } from '../errors/sbml-error';
import type { XmlElement } from '../xml/xml-tree.util';
import type { LambdaDefinition, MathNode } from './math-ast';

/** MathML content elements that SBML L3V2 allows as operators (§3.4.1, Table 5). */
const OPERATORS = new Set([
  'plus', 'minus', 'times', 'divide', 'power', 'root', 'abs', 'exp', 'ln', 'log', 'floor', 'ceiling', 'factorial',
  'sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'sinh', 'cosh', 'tanh', 'sech', 'csch', 'coth',
  'arcsin', 'arccos', 'arctan', 'arcsec', 'arccsc', 'arccot', 'arcsinh', 'arccosh', 'arctanh', 'arcsech', 'arccsch', 'arccoth',
  'eq', 'neq', 'gt', 'lt', 'geq', 'leq', 'and', 'or', 'xor', 'not', 'implies', 'max', 'min', 'rem', 'quotient',
]);

const CSYMBOL = 'http://www.sbml.org/sbml/symbols/';

function text(el: XmlElement): string {
  return el.texts.join('').trim();
}

function readCn(el: XmlElement): MathNode {
  const type = el.attrs['type'] ?? 'real';
  const parts = el.texts.map((s) => s.trim());
  if (type === 'e-notation') return { kind: 'num', value: Number(parts[0]) * 10 ** Number(parts[1]) };
  if (type === 'rational') return { kind: 'num', value: Number(parts[0]) / Number(parts[1]) };
  const value = Number(parts.join(''));
  if (Number.isNaN(value) && parts.join('').toLowerCase() !== 'nan') {
    throw new SbmlError(SbmlErrorCode.Malformed, `<cn> is not a number: "${parts.join('')}"`);
  }
  return { kind: 'num', value };
}

function readCsymbol(el: XmlElement): MathNode {
  const url = el.attrs['definitionURL'] ?? '';
  if (url === `${CSYMBOL}time`) return { kind: 'time' };
  if (url === `${CSYMBOL}avogadro`) return { kind: 'avogadro' };
  throw new UnsupportedSbmlError('csymbol', url, 'only time and avogadro are supported outside <apply>');
}

/** Read one MathML content element (the child of `<math>` or an argument of `<apply>`). */
export function mathmlToAst(el: XmlElement): MathNode {
  switch (el.name) {
    case 'math': {
      const [only] = el.children;
      if (!only) throw new SbmlError(SbmlErrorCode.Malformed, 'empty <math>');
      return mathmlToAst(only);
    }
    case 'cn':
      return readCn(el);
    case 'ci':
      return { kind: 'sym', name: text(el) };
    case 'csymbol':
      return readCsymbol(el);
    case 'true':
      return { kind: 'bool', value: true };
    case 'false':
      return { kind: 'bool', value: false };
    case 'pi':
      return { kind: 'num', value: Math.PI };
    case 'exponentiale':
      return { kind: 'num', value: Math.E };
    case 'infinity':
      return { kind: 'num', value: Infinity };
    case 'notanumber':
      return { kind: 'num', value: NaN };
    case 'piecewise': {
      const pieces = el.children
        .filter((c) => c.name === 'piece')
        .map((p) => {
          if (p.children.length !== 2) throw new SbmlError(SbmlErrorCode.Malformed, '<piece> needs a value and a condition');
          return { value: mathmlToAst(p.children[0]), when: mathmlToAst(p.children[1]) };
        });
      const other = el.children.find((c) => c.name === 'otherwise');
      return { kind: 'piecewise', pieces, otherwise: other?.children[0] ? mathmlToAst(other.children[0]) : undefined };
    }
    case 'apply':
      return readApply(el);
    case 'semantics': {
      const first = el.children.find((c) => c.name !== 'annotation' && c.name !== 'annotation-xml');
      if (!first) throw new SbmlError(SbmlErrorCode.Malformed, 'empty <semantics>');
      return mathmlToAst(first);
    }
    default:
      throw new UnsupportedSbmlError(el.name, undefined, 'MathML element outside the SBML L3 subset');
  }
}

function readApply(el: XmlElement): MathNode {
  const [head, ...rest] = el.children;
  if (!head) throw new SbmlError(SbmlErrorCode.Malformed, 'empty <apply>');
  const qualifier = (name: string): XmlElement | undefined => rest.find((c) => c.name === name);
  const args = rest.filter((c) => c.name !== 'degree' && c.name !== 'logbase' && c.name !== 'bvar').map(mathmlToAst);
  if (head.name === 'ci') return { kind: 'call', fn: text(head), args };
  if (head.name === 'csymbol') {
    const url = head.attrs['definitionURL'] ?? '';
    if (url === `${CSYMBOL}delay`) return { kind: 'op', op: 'delay', args };
    if (url === `${CSYMBOL}rateOf`) return { kind: 'op', op: 'rateOf', args };
    throw new UnsupportedSbmlError('csymbol', url, 'unknown function csymbol');
  }
  if (!OPERATORS.has(head.name)) throw new UnsupportedSbmlError(head.name, undefined, 'MathML operator outside the SBML L3 subset');
  if (head.name === 'root') {
    const degree = qualifier('degree');
    const d: MathNode = degree?.children[0] ? mathmlToAst(degree.children[0]) : { kind: 'num', value: 2 };
    return { kind: 'op', op: 'root', args: [d, ...args] };
  }
  if (head.name === 'log') {
    const base = qualifier('logbase');
    const b: MathNode = base?.children[0] ? mathmlToAst(base.children[0]) : { kind: 'num', value: 10 };
    return { kind: 'op', op: 'log', args: [b, ...args] };
  }
  return { kind: 'op', op: head.name, args };
}

/** `<functionDefinition>`'s `<lambda>`: bound variables, then the body. */
export function readLambda(mathEl: XmlElement, id: string): LambdaDefinition {
  let lambda = mathEl.children[0];
  if (lambda?.name === 'semantics') lambda = lambda.children[0];
  if (!lambda || lambda.name !== 'lambda') throw new SbmlError(SbmlErrorCode.Malformed, `functionDefinition "${id}" has no <lambda>`);
  const params = lambda.children.filter((c) => c.name === 'bvar').map((b) => text(b.children[0] ?? b));
  const body = lambda.children.find((c) => c.name !== 'bvar');
  if (!body) throw new UnsupportedSbmlError('functionDefinition', id, 'lambda without a body');
  return { params, body: mathmlToAst(body) };
}
