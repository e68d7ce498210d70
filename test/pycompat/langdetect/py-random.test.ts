import { createHash } from "node:crypto";
import { test } from "node:test";
import assert from "node:assert/strict";
import { PyRandom } from "../../../src/pycompat/langdetect/py-random.js";
import { pyFloatHex } from "./data.js";

/**
 * Expected values printed by /usr/bin/python3 (CPython 3.11.2, Debian 12, glibc 2.36):
 *   r = random.Random(seed)
 *   [r.random() for _ in range(5)]; [r.gauss(0.0, 1.0) for _ in range(8)];
 *   [r.gauss(0.5, 0.05) for _ in range(3)]; [r.getrandbits(k) for k in (1, 5, 17, 31, 32)];
 *   {n: [r.choice(range(n)) for _ in range(8)] for n in (1, 2, 3, 7, 55, 1000, 70000)}
 * (in that order, on one generator per seed).
 */
interface Stream {
  random: number[];
  gauss: number[];
  gaussMu: number[];
  bits: number[];
  choice: Record<number, number[]>;
}

const EXPECTED: Record<number, Stream> = {
  0: {
    random: [0.8444218515250481, 0.7579544029403025, 0.420571580830845, 0.25891675029296335, 0.5112747213686085],
    gauss: [
      -1.4471231264273656, 0.9843395512466481, -0.37407684698672905, 1.0746503857790555, -1.8919635634885046,
      -1.0930978049000009, -0.8133546304110759, -0.02395890534587579,
    ],
    gaussMu: [0.5025304182226809, 0.43064509772834375, 0.4996511193849345],
    bits: [1, 22, 106196, 1292574851, 3874773259],
    choice: {
      1: [0, 0, 0, 0, 0, 0, 0, 0],
      2: [1, 1, 0, 1, 1, 1, 0, 0],
      3: [0, 2, 1, 2, 2, 2, 0, 2],
      7: [3, 6, 6, 2, 1, 5, 2, 5],
      55: [4, 12, 36, 14, 15, 51, 9, 51],
      1000: [556, 458, 93, 82, 327, 896, 520, 955],
      70000: [64131, 14294, 39511, 38153, 16359, 43614, 26634, 37703],
    },
  },
  42: {
    random: [0.6394267984578837, 0.025010755222666936, 0.27502931836911926, 0.22321073814882275, 0.7364712141640124],
    gauss: [
      -0.938051221433234, -1.890670808223996, 0.8945899596614022, 0.5438760179176799, 0.6901729991646017,
      0.1307464077662839, -0.2317928608380212, -0.007802373045508363,
    ],
    gaussMu: [0.5228875399340173, 0.5687286004650293, 0.4661110472719488],
    bits: [1, 8, 106093, 1866808229, 27911967],
    choice: {
      1: [0, 0, 0, 0, 0, 0, 0, 0],
      2: [0, 1, 0, 1, 1, 1, 0, 1],
      3: [2, 0, 1, 0, 2, 1, 2, 2],
      7: [6, 2, 4, 1, 5, 0, 0, 5],
      55: [14, 49, 18, 5, 54, 14, 6, 24],
      1000: [284, 464, 650, 854, 373, 166, 379, 363],
      70000: [27460, 34993, 9358, 22431, 32087, 21417, 60589, 49735],
    },
  },
  // 2**32 + 5: a two-word init_by_array key
  4294967301: {
    random: [0.15727238718789782, 0.2824866316461999, 0.6044540318498407, 0.014523449205355199, 0.6277755437144577],
    gauss: [
      0.3968626890349998, -2.265207849043796, -0.609108747475432, -0.9992239429771389, -1.0223385555071869,
      1.3276559497002551, 0.3416298455604668, -0.7995784689651636,
    ],
    gaussMu: [0.4594419342540768, 0.4201078535696925, 0.5247910758262663],
    bits: [1, 5, 52824, 978285991, 3515814442],
    choice: {
      1: [0, 0, 0, 0, 0, 0, 0, 0],
      2: [1, 0, 1, 0, 0, 0, 0, 0],
      3: [1, 0, 1, 0, 0, 0, 1, 0],
      7: [4, 4, 1, 4, 6, 0, 5, 3],
      55: [9, 7, 8, 50, 46, 44, 2, 47],
      1000: [945, 392, 355, 904, 289, 531, 238, 804],
      70000: [25868, 68498, 13994, 56189, 47781, 53740, 57521, 32553],
    },
  },
};

for (const [seedText, expected] of Object.entries(EXPECTED)) {
  const seed = Number(seedText);
  test(`PyRandom(${seed}) reproduces CPython's random/gauss/getrandbits/choice stream`, () => {
    const r = new PyRandom(seed);
    assert.deepEqual(Array.from({ length: 5 }, () => r.random()), expected.random, "random()");
    assert.deepEqual(Array.from({ length: 8 }, () => r.gauss(0.0, 1.0)), expected.gauss, "gauss(0, 1)");
    assert.deepEqual(Array.from({ length: 3 }, () => r.gauss(0.5, 0.05)), expected.gaussMu, "gauss(0.5, 0.05)");
    assert.deepEqual([1, 5, 17, 31, 32].map((k) => r.getrandbits(k)), expected.bits, "getrandbits");
    for (const [n, picks] of Object.entries(expected.choice)) {
      const seq = Array.from({ length: Number(n) }, (_, i) => i);
      assert.deepEqual(Array.from({ length: 8 }, () => r.choice(seq)), picks, `choice over ${n} items`);
    }
  });
}

test("PyRandom(0): 200 gauss values interleaved with choices match CPython bit for bit", () => {
  // Python: r = Random(0); for t in range(200): vals.append(r.gauss(0.0, 1.0));
  //   then r.choice(range(37 + t)) (t % 13) times; sha256 of "\n".join(v.hex() for v in vals)
  const r = new PyRandom(0);
  const vals: string[] = [];
  for (let t = 0; t < 200; t++) {
    vals.push(pyFloatHex(r.gauss(0.0, 1.0)));
    const seq = Array.from({ length: 37 + t }, (_, i) => i);
    for (let k = 0; k < t % 13; k++) r.choice(seq);
  }
  assert.equal(vals[0], "0x1.e22885827c580p-1");
  assert.equal(vals[199], "0x1.3063c560845d4p-2");
  assert.equal(pyFloatHex(r.random()), "0x1.1fba571906708p-4");
  assert.equal(createHash("sha256").update(vals.join("\n")).digest("hex"), "10effa7a5b079a07c3fdadbf21d2c014986b0cc5c9722e04c7c893b75a9fd609");
});

test("PyRandom.seed() restarts the stream and drops the cached gauss value", () => {
  const r = new PyRandom(7);
  const first = [r.gauss(0, 1), r.random()];
  r.gauss(0, 1); // computes a pair, caches the second value
  r.seed(7);
  assert.deepEqual([r.gauss(0, 1), r.random()], first);
  assert.deepEqual(new PyRandom(-7).random(), new PyRandom(7).random(), "negative seeds use abs() like CPython");
});

test("PyRandom rejects bad arguments with clear errors", () => {
  const r = new PyRandom(0);
  assert.throws(() => r.choice([]), /empty sequence/);
  assert.throws(() => r.getrandbits(33), /getrandbits/);
  assert.throws(() => new PyRandom(0.5), /safe integer/);
  assert.equal(r.getrandbits(0), 0);
});

test("pyFloatHex formats like Python float.hex", () => {
  assert.equal(pyFloatHex(5e-324), "0x0.0000000000001p-1022");
  assert.equal(pyFloatHex(2.5e-310), "0x0.02e055c9a3f6cp-1022");
  assert.equal(pyFloatHex(-0), "-0x0.0p+0");
});
