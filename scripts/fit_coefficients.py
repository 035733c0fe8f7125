#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Fits the minimax-style (Chebyshev) polynomial coefficients used in include/xact/math/.

Run: python3 scripts/fit_coefficients.py  (needs Debian's python3-mpmath).
Each fit prints its coefficients (highest degree last) and the max relative error of the
polynomial evaluated in high precision, so the numbers in the headers can be regenerated.
"""
import sys
import mpmath as mp

mp.mp.dps = 60

def fit(name, f, a, b, deg, rel=True):
    coeffs, err = mp.chebyfit(f, [a, b], deg + 1, error=True)
    coeffs = coeffs[::-1]  # lowest degree first
    # relative error check on a dense grid
    worst = mp.mpf(0)
    for i in range(2001):
        x = a + (b - a) * i / 2000
        p = mp.polyval(coeffs[::-1], x)
        fx = f(x)
        e = abs(p - fx) / (abs(fx) if rel else 1)
        worst = max(worst, e)
    print(f"# {name}: degree {deg} on [{mp.nstr(a, 8)}, {mp.nstr(b, 8)}], max rel err {mp.nstr(worst, 3)}")
    for c in coeffs:
        print("  ", mp.nstr(c, 21, min_fixed=-30, max_fixed=30))
    return coeffs

which = sys.argv[1:] or ["exp", "erf", "erfc", "log1p", "exp_table", "tanh", "log1p_unit",
                         "gelu_tail", "gelu_root"]
ln2h = mp.log(2) / 2
def expq(r):
    if abs(r) < mp.mpf('1e-20'):
        return mp.mpf(1) / 2 + r / 6
    return (mp.exp(r) - 1 - r) / (r * r)
if "exp" in which:
    # e^r = 1 + r + r^2 * Q(r),  |r| <= ln2/2
    fit("exp float Q", expq, -ln2h, ln2h, 4)
    fit("exp double Q", expq, -ln2h, ln2h, 10)
def erfq(w):  # erf(z)/z as a function of w = z^2
    z = mp.sqrt(w)
    if z == 0:
        return 2 / mp.sqrt(mp.pi)
    return mp.erf(z) / z
Z0 = mp.mpf(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[1] == 'erf' else mp.mpf('0.75')
if "erf" in which:
    fit("erf float P(z^2)", erfq, 0, Z0**2, 5)
    fit("erf double P(z^2)", erfq, 0, Z0**2, 10)
if "erfc" in which:
    # erfc(z) = exp(-z^2) * R(z); fit R as a polynomial in t = 1/(1 + z) for z in [Z0, zmax]
    def R(t):
        z = 1 / t - 1
        return mp.erfc(z) * mp.exp(z * z)
    for nm, zmax, deg in (("float", 10.5, 12), ("double", 27.5, 24)):
        fit(f"erfc {nm} R(t), t = 1/(1+z)", R, 1 / (1 + mp.mpf(zmax)), 1 / (1 + Z0), deg)
if "log1p" in which:
    smax = (mp.sqrt(2) - 1) / (mp.sqrt(2) + 1)
    def lq(w):  # log((1+s)/(1-s)) = 2s + s*w*Q(w), w = s^2
        s = mp.sqrt(w)
        if s == 0:
            return mp.mpf(2) / 3
        return (mp.log((1 + s) / (1 - s)) / s - 2) / w
    fit("log1p float Q(s^2)", lq, 0, smax**2, 3)
    fit("log1p double Q(s^2)", lq, 0, smax**2, 7)
if "exp_table" in which:
    # Tang's table-driven exp (math/exp_table.hpp): 2^(j/16) as float hi + lo and as double,
    # and e^r = 1 + r + r^2 Q(r) on |r| <= 1.01 ln2/32.
    import struct
    def f32(x):
        return struct.unpack("f", struct.pack("f", float(x)))[0]
    for j in range(16):
        v = mp.power(2, mp.mpf(j) / 16)
        hi = f32(v)
        lo = f32(v - mp.mpf(hi))
        print(f"  2^({j}/16): float hi {hi.hex()} lo {lo.hex()}  double {float(v).hex()}")
    r32 = mp.log(2) / 32 * mp.mpf("1.01")
    fit("exp_table float Q (fast)", expq, -r32, r32, 1)
    fit("exp_table float Q (precise) and double Q", expq, -r32, r32, 2)
    # expm1_normal_range's float Q: one degree more than exp's on |r| <= 1.001 ln2/2
    fit("expm1 float Q", expq, -ln2h * mp.mpf("1.001"), ln2h * mp.mpf("1.001"), 5)
if "tanh" in which:
    # tanh x = x + x^3 P(x^2) on |x| <= 0.9 (math/logistic_fast.hpp)
    def tanhp(w):
        if w < mp.mpf("1e-40"):
            return -mp.mpf(1) / 3
        x = mp.sqrt(w)
        return (mp.tanh(x) - x) / x**3
    fit("tanh float P(x^2)", tanhp, 0, mp.mpf("0.9")**2, 7)
if "log1p_unit" in which:
    # log1p(e) = 2 atanh(s) = 2s (1 + w Q(w)), s = e/(2+e), w = s^2 in [0, 1/9] (math/log.hpp)
    def atanhq(w):
        if w < mp.mpf("1e-40"):
            return mp.mpf(1) / 3
        s = mp.sqrt(w)
        return (mp.atanh(s) / s - 1) / w
    fit("log1p_unit float Q(s^2)", atanhq, 0, mp.mpf(1) / 9 * mp.mpf("1.001"), 4)


def fit_float(name, f, a, b, deg, exact=(0,), n=400):
    """Relative least-squares fit on Chebyshev nodes whose coefficients are rounded to float one
    at a time (lowest first), the others refitted after each rounding; the coefficients listed
    in `exact` stay real (the kernel carries them as float double words hi + lo)."""
    import struct
    def f32(x):
        return mp.mpf(struct.unpack("f", struct.pack("f", float(x)))[0])
    pts = [(a + b) / 2 + (b - a) / 2 * mp.cos(mp.pi * (i + mp.mpf(1) / 2) / n) for i in range(n)]
    fv = [f(v) for v in pts]
    def lsq(fixed, free):
        A = mp.matrix(n, len(free))
        rhs = mp.matrix(n, 1)
        for r, (v, fx) in enumerate(zip(pts, fv)):
            for j, k in enumerate(free):
                A[r, j] = v**k / fx
            rhs[r] = (fx - sum(fixed[k] * v**k for k in fixed)) / fx
        sol = mp.qr_solve(A, rhs)[0]
        return {k: sol[j] for j, k in enumerate(free)}
    coef = lsq({}, list(range(deg + 1)))
    fixed = {}
    for k in range(deg + 1):
        if k in exact:
            continue
        fixed[k] = f32(coef[k])
        free = [j for j in range(deg + 1) if j not in fixed]
        if free:
            coef.update(lsq(fixed, free))
    for k in exact:
        fixed[k] = coef[k]
    worst = max(abs(sum(fixed[k] * v**k for k in fixed) - f(v)) / abs(f(v))
                for v in (a + (b - a) * i / 4000 for i in range(4001)))
    print(f"# {name}: degree {deg} on [{mp.nstr(a, 8)}, {mp.nstr(b, 8)}], float coefficients, "
          f"max rel err {mp.nstr(worst, 3)}")
    for k in range(deg + 1):
        hi = f32(fixed[k])
        lo = f"  lo {float(f32(fixed[k] - hi))!r}" if k in exact else ""
        print(f"   c{k} {float(hi)!r}{lo}")

if "gelu_tail" in which:
    # Phi(-y) = e^{-y^2/2} t S(t - 1/2), t = 4/(4 + y), y in [0, 12] (math/normal_fast.hpp):
    # S in v = t - 1/2, c0 and c1 as double words.
    def mills(y):
        return mp.erfc(y / mp.sqrt(2)) / 2 * mp.exp(y * y / 2)
    def s_of_v(v):
        t = v + mp.mpf(1) / 2
        return mills(4 / t - 4) / t
    fit_float("gelu_tail S(v)", s_of_v, mp.mpf(4) / 16 - mp.mpf(1) / 2, mp.mpf(1) / 2, 10,
              exact=(0, 1))
if "gelu_root" in which:
    # Phi(x) + x phi(x) = h G(h), h = x - x0 on |h| <= 1/8 around the root x0 (normal_fast.hpp)
    def gelu_prime(x):
        return mp.ncdf(x) + x * mp.npdf(x)
    x0 = mp.findroot(gelu_prime, -0.75)
    print(f"# gelu' root x0 = {mp.nstr(x0, 25)}")
    def g_of_h(h):
        return mp.diff(gelu_prime, x0) if abs(h) < mp.mpf("1e-30") else gelu_prime(x0 + h) / h
    fit_float("gelu_root G(h)", g_of_h, -mp.mpf(1) / 8, mp.mpf(1) / 8, 5, exact=())
