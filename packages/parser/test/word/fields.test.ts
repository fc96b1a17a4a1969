/** word/eq-field.ts and word/field-display.ts: the text of fields that have no result part. */
import { describe, expect, it } from 'vitest';
import { eqText } from '../../src/word/eq-field.js';
import { fieldDisplayText } from '../../src/word/field-display.js';

describe('EQ fields', () => {
  it('gives a phonetic guide (ruby) its base text, past the \\* format switches', () => {
    expect(fieldDisplayText(' EQ \\* jc2 \\* "Font:MS Mincho" \\* hps24 \\o\\ad(\\s\\up 11(とうきょう),東京)')).toBe('東京');
    expect(fieldDisplayText('eq \\o(\\s\\up 9(ふり),振)')).toBe('振');
    // Either order: the raised argument is the reading.
    expect(eqText('\\o\\ac(漢字,\\s\\up 10(かんじ))')).toBe('漢字');
  });

  it('overstrikes, fractions, radicals, sub- and superscripts inline', () => {
    expect(eqText('\\o(=,/)')).toBe('=/');
    expect(eqText('\\f(1,2) cup')).toBe('1/2 cup');
    expect(eqText('\\r(3,x)')).toBe('3√x');
    expect(eqText('\\r(a+b)')).toBe('√a+b');
    expect(eqText('E = mc\\s\\up8(2)')).toBe('E = mc2');
    expect(eqText('H\\s\\do5(2)O')).toBe('H2O');
  });

  it('draws brackets as characters, \\bc with its matching pair', () => {
    expect(eqText('\\b(x)')).toBe('(x)');
    expect(eqText('\\b\\bc\\{(\\a\\al\\co2\\vs3\\hs3(1,2,3,4))')).toBe('{1 2 3 4}');
    expect(eqText('\\b \\lc\\[ \\rc\\| (y)')).toBe('[y|');
  });

  it('lists, integrals, boxes, displacements, escaped characters', () => {
    expect(eqText('\\l(a,b,c)')).toBe('a,b,c');
    expect(eqText('\\i\\su(i=1,n,i)')).toBe('∑i=1 n i');
    expect(eqText('\\i(0,1,f\\(x\\)dx)')).toBe('∫0 1 f(x)dx'); // literal parentheses are escaped
    expect(eqText('\\x\\to\\bo(boxed)')).toBe('boxed');
    expect(eqText('a\\d\\fo10()b')).toBe('ab');
    expect(eqText('\\f(a\\,b,c)')).toBe('a,b/c');
    expect(eqText('1\\(2\\)\\\\')).toBe('1(2)\\');
  });

  it('accepts the semicolon as argument separator (European list separator)', () => {
    expect(eqText('\\f(3;4)')).toBe('3/4');
  });

  it('survives unbalanced or damaged instructions, and deep nesting, without throwing', () => {
    expect(eqText('\\f(1,2')).toBe('1/2');
    expect(eqText('\\o\\ad(')).toBe('');
    expect(eqText('\\up 3 text')).toBe('text');
    const deep = '\\s('.repeat(5000) + 'x' + ')'.repeat(5000);
    expect(eqText(deep)).toContain('x');
  });
});

describe('MACROBUTTON, GOTOBUTTON, SYMBOL', () => {
  it('show the display text after the macro or bookmark name', () => {
    expect(fieldDisplayText(' MACROBUTTON NoMacro [Click here and type your name] ')).toBe('[Click here and type your name]');
    expect(fieldDisplayText('MACROBUTTON  AcceptAllChangesShown  Accept  all ')).toBe(' Accept  all');
    expect(fieldDisplayText('GOTOBUTTON Summary See the summary')).toBe('See the summary');
    expect(fieldDisplayText('MACROBUTTON OnlyAName')).toBe('');
  });

  it('SYMBOL maps Symbol and Wingdings characters to Unicode', () => {
    expect(fieldDisplayText('SYMBOL 97 \\f "Symbol" \\s 12')).toBe('α');
    expect(fieldDisplayText('SYMBOL 0xB7 \\f Symbol')).toBe('•');
    expect(fieldDisplayText('SYMBOL 252 \\f "Wingdings"')).toBe('✓');
  });

  it('SYMBOL in other fonts: ANSI (cp1252) by default, Unicode with \\u, Shift-JIS with \\j', () => {
    expect(fieldDisplayText('SYMBOL 128 \\f "Arial"')).toBe('€');
    expect(fieldDisplayText('SYMBOL 65')).toBe('A');
    expect(fieldDisplayText('SYMBOL 8364 \\u')).toBe('€');
    expect(fieldDisplayText('SYMBOL 0x82A0 \\j')).toBe('あ');
    expect(fieldDisplayText('SYMBOL \\f "Symbol"')).toBe('');
  });

  it('other fields without a result show nothing', () => {
    expect(fieldDisplayText(' XE "index entry" ')).toBeNull();
    expect(fieldDisplayText(' TC "Chapter" \\l 1')).toBeNull();
    expect(fieldDisplayText('')).toBeNull();
  });
});
