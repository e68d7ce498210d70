import { test } from "node:test";
import assert from "node:assert/strict";
import { crCos, crLog, crSin } from "../../../src/pycompat/langdetect/cr-math.js";

// Correctly rounded values computed with mpmath at 300 bits: float(mpmath.f(mpf(x))).

test("crLog is correctly rounded, including where V8's Math.log is not", () => {
  const cases: [number, number][] = [
    [0.5867492890864195, -0.5331576558641463],
    [0.3290028803685009, -1.1116887733356335],
    [0.8181646147919952, -0.2006917220485475],
    [1 - 2 ** -53, -1.1102230246251565e-16],
    [5e-324, -744.4400719213812],
    [1e-300, -690.7755278982137],
    [0.5, -0.6931471805599453],
    [0.7071067811865476, -0.3465735902799726],
  ];
  for (const [x, want] of cases) assert.equal(crLog(x), want, `log(${x})`);
  assert.equal(crLog(1), 0);
  assert.equal(crLog(0), -Infinity);
  assert.ok(Number.isNaN(crLog(-1)));
});

test("crSin and crCos are correctly rounded, including near multiples of pi/2", () => {
  const sinCases: [number, number][] = [
    [1.461601497944637, 0.9940441660767078],
    [2.3106558500346415, 0.7385632732242152],
    [0.502945594400862, 0.4820084572740016],
    [Math.PI, 1.2246467991473532e-16],
    [4.71238898038469, -1.0],
    [6.283179023994279, -6.283185307357914e-6],
  ];
  const cosCases: [number, number][] = [
    [4.356647552310135, -0.34828546706499225],
    [4.248343780450368, -0.44756917628498255],
    [5.64627568505274, 0.8039374843457676],
    [Math.PI / 2, 6.123233995736766e-17],
    [4.71238898038469, -1.8369701987210297e-16],
    [6.283179023994279, 0.9999999999802608],
  ];
  for (const [x, want] of sinCases) assert.equal(crSin(x), want, `sin(${x})`);
  for (const [x, want] of cosCases) assert.equal(crCos(x), want, `cos(${x})`);
  assert.equal(crSin(0), 0);
  assert.equal(crCos(0), 1);
});

test("cr-math stays within one ulp of Math.* on a sweep of gauss-like arguments", () => {
  for (let i = 1; i < 2000; i++) {
    const u = i / 2000;
    const x = u * 2 * Math.PI;
    for (const [got, approx] of [
      [crLog(u), Math.log(u)],
      [crSin(x), Math.sin(x)],
      [crCos(x), Math.cos(x)],
    ] as const) {
      const ulp = Math.abs(approx) * 2 ** -52 + 5e-324;
      assert.ok(Math.abs(got - approx) <= ulp, `u=${u}: ${got} vs ${approx}`);
    }
  }
});
