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

which = sys.argv[1:] or ["exp", "erf", "erfc", "log1p"]
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
