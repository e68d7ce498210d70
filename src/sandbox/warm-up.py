# Model Workbench sandbox: the zygote's warm-up program (see warm_up() in worker.py).
#
# Our own code, never a sample's: the zygote runs it on itself before its first fork, passing and
# failing, so that the caches every child would otherwise fill (and copy, page by page) are filled
# once. It exercises what HumanEval-style programs commonly do. It must run cleanly on its own:
# `python3 warm-up.py` exits 0 (a test checks that).
from typing import Dict, List, Optional, Tuple, Union, Any
import bisect, collections, functools, hashlib, heapq, itertools, math, re, string

def numbers_close(numbers: List[float], threshold: float) -> bool:
    for i, a in enumerate(numbers):
        for j, b in enumerate(numbers):
            if i != j and abs(a - b) < threshold:
                return True
    return False

def words(text: str, sep: Optional[str] = None) -> Tuple[int, str]:
    parts = [w.strip(".,!?").lower() for w in text.split(sep) if w]
    out = " ".join(sorted(set(parts), key=lambda w: (-len(w), w)))
    return len(parts), out.replace("a", "A").upper().title().swapcase().capitalize()

def tally(items: List[Any]) -> Dict[str, int]:
    counts = collections.Counter(str(x) for x in items)
    groups = collections.defaultdict(list)
    for k, v in counts.items():
        groups[v].append(k)
    d = {k: v for k, v in counts.most_common(3)}
    d.setdefault("none", 0)
    return dict(sorted(d.items()))

def numeric(n: int) -> Union[int, float, str]:
    digits = [int(c) for c in str(abs(n)) if c.isdigit()]
    total = sum(digits) + max(digits) - min(digits) + len(digits)
    r = round(math.sqrt(abs(n)) + math.floor(2.5) + math.ceil(2.5) + math.pi, 3) + float("1.5") + 7 // 2 + 7 % 3 + 2 ** 10
    return f"{total}:{r:.2f}:{n:b}:{hex(n)}:{oct(n)}:{bin(n)}:{chr(97)}{ord('a')}:{'%d-%s' % (n, 'x')}:{'{}'.format(n)}"

def sequences(xs: List[int]) -> List[int]:
    ys = list(xs)
    ys.append(3); ys.insert(0, 9); ys.extend([4, 1]); ys.remove(9); ys.pop(); ys.sort(reverse=True); ys.reverse()
    h = list(ys); heapq.heapify(h); heapq.heappush(h, 0); heapq.heappop(h)
    pairs = list(zip(ys, ys[1:])) + list(itertools.combinations(ys[:3], 2)) + list(itertools.permutations(ys[:2]))
    s = set(ys) | {100}; s &= set(range(200)); s.discard(100); t = tuple(sorted(s))
    ys = [y for y in ys if y % 2 == 0 or y > 2][::-1] + list(map(abs, filter(None, ys))) + list(reversed(t))
    return ys + [functools.reduce(lambda a, b: a * b, [1, 2, 3]), any(ys), all(ys), ys.index(ys[0]), ys.count(3), len(pairs)]

def text(s: str) -> str:
    m = re.findall(r"[a-z]+", s) + re.split(r"\s+", s) + [re.sub(r"\d", "#", s)]
    ok = s.isalpha() or s.isalnum() or s.isspace() or s.islower() or s.isupper() or s.startswith("x") or s.endswith("y")
    v = s.find("o") + s.count("o") + s.rfind("l") + (s.index("e") if "e" in s else 0)
    return "".join(m) + str(ok) + str(v) + s[::-1] + s.zfill(5) + s.center(9) + string.ascii_lowercase[:3] + repr(s) + hashlib.md5(s.encode()).hexdigest()

def misc(n: int) -> list:
    q = collections.deque([1, 2]); q.appendleft(0); q.append(3); q.popleft(); q.pop(); q.rotate(1)
    d = dict(zip("abc", range(3))); d.update(x=1); d.pop("x"); d2 = dict(d); d2.clear(); del d["a"]
    best = max(d, key=d.get) + min(["bb", "a"], key=len) + sorted(d.items(), key=lambda kv: kv[1])[0][0]
    acc = list(itertools.accumulate([1, 2, 3])) + list(itertools.chain([1], (2,))) + [k for k, _ in itertools.groupby("aabb")]
    prod = list(itertools.product([0, 1], repeat=2)) + list(itertools.islice(itertools.count(), 3))
    fib = functools.lru_cache(maxsize=None)(lambda k: k if k < 2 else fib(k - 1) + fib(k - 2))
    key = functools.cmp_to_key(lambda a, b: (a > b) - (a < b))
    vals = sorted([3, 1, 2], key=key) + [bisect.bisect_left([1, 3, 5], 3), bisect.bisect_right([1, 3], 3), fib(15), math.gcd(12, 18), math.factorial(6)]
    a, b = divmod(n, 7); c = pow(3, n, 11) + (n & 6) + (n | 1) + (n ^ 5) + (n << 2) + (n >> 1) + int(math.log(n + 1, 2)) + int(math.isclose(0.1 + 0.2, 0.3))
    it = iter([1, 2]); first = next(it); rest = [x for x in it]
    def gen(k):
        total = 0
        while k > 0:
            total += k
            yield total
            k -= 1
    word = "Hello, World"
    parts = word.partition(", ") + tuple(word.splitlines()) + (word.ljust(14), word.rjust(14), word.lstrip("H"), word.rstrip("d"))
    trans = word.translate(str.maketrans("lo", "01")) + "%5.2f|%-4s|%x" % (3.14159, "ab", 255) + "{:>6}{:08.3f}".format("r", 2.5)
    big = (2 ** 100 // 3 + int("  42 ") + int(3.9) + int(True), round(3.14159, 2), float("inf") > 1e308)
    nums = [float(x) for x in "1.5 2.5 -3".split()]
    return [best, acc, prod, vals, a, b, c, first, rest, list(gen(4)), parts, trans, big, nums, bool([]), callable(len),
            isinstance(n, (int, float)), type(n).__name__, hash("x") is not None, id(n) > 0, str(None), repr([1, "a"]), bytes([65]).decode(),
            [[0] * 2 for _ in range(2)], sum(x * x for x in range(n)), all(x > 0 for x in nums), list(enumerate("ab", start=1)), [*zip(*[[1, 2], [3, 4]])]]


class Shape:
    def __init__(self, side):
        self.side = side

    def area(self):
        return self.side ** 2

    def __repr__(self):
        return f"Shape({self.side!r})"


def check(candidate):
    assert candidate([1.0, 2.0, 3.9, 4.0, 5.0, 2.2], 0.3) == True
    assert candidate([1.0, 2.0, 3.9, 4.0, 5.0, 2.2], 0.05) == False
    assert words("The quick brown fox, the lazy dog!")[0] == 7
    assert tally([1, 2, 2, "a", None, 2.5])["2"] == 2
    assert numeric(-1234).startswith("17:")
    assert isinstance(sequences([5, 3, 8, 1]), list) and type(text("Hello world 42")) is str
    assert len(misc(10)) == 28 and Shape(3).area() == 9 and repr(Shape(2)) == "Shape(2)"
    assert abs(math.sqrt(2) ** 2 - 2) < 1e-6, "This prints if this assert fails (good for debugging!)"
    for bad in (lambda: candidate([1.0, 2.0], 0.5) == True, lambda: [][1], lambda: {}["k"], lambda: int("x"), lambda: 1 / 0, lambda: None.x):
        try:
            assert bad(), "expected failure"
        except (AssertionError, IndexError, KeyError, ValueError, ZeroDivisionError, AttributeError) as e:
            msg = f"failed: {e}"

check(numbers_close)
