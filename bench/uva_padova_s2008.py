#!/usr/bin/env python3
"""Independent Python port of the UVA/Padova S2008 T1D model, the reference for Shuji's TypeScript model.

Equations: Dalla Man, Rizza & Cobelli, IEEE TBME 2007;54(10):1740-1749 (glucose, gut, insulin kinetics,
renal excretion) with the type 1 simulator's subcutaneous insulin and interstitial glucose (Dalla Man et al.,
J Diabetes Sci Technol 2007;1(3):323-330; Kovatchev et al., JDST 2009;3(1):44-55). Written directly from the
equations, sharing no code with the TypeScript spec; parameters from libs/models/data/uva-padova-2008.
As in simglucose, the derivatives of Gp, Gt, Ip, Il and Gs are zeroed when the state is negative.

Scenario semantics (the Shuji CLI contract): t = 0 is midnight; a meal is eaten at 5 g/min from t_min; the
gastric-emptying amount D is the stomach content at meal start plus the whole meal (mg); a bolus is delivered
evenly over one minute (U * 6000 / BW pmol/kg/min); basal is the subject's u2ss.

Usage:
  python3 bench/uva_padova_s2008.py fixture > libs/models/src/uva-padova/__fixtures__/three-meal-day.scipy-radau.json
      regenerates the test fixture: the three-meal day for all 30 subjects, scipy Radau, rtol 1e-10.
"""
import csv
import json
import math
import os
import sys

import numpy as np
from scipy.integrate import solve_ivp

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', 'libs', 'models', 'data', 'uva-padova-2008')
EATING_RATE_MG_PER_MIN = 5000.0
PMOL_PER_UNIT = 6000.0


def read_csv(name):
    with open(os.path.join(DATA, name), newline='') as f:
        return [{k.strip(): v.strip() for k, v in row.items()} for row in csv.DictReader(f)]


def load_subjects():
    """name -> (params dict, x0 array of 13 basal states)."""
    subjects = {}
    for row in read_csv('vpatient_params.csv'):
        params = {k: float(v) for k, v in row.items() if k not in ('Name',) and not k.startswith('x0_')}
        x0 = np.array([float(row['x0_%2d' % (i + 1)]) for i in range(13)])
        subjects[row['Name']] = (params, x0)
    return subjects


def load_quest():
    return {row['Name']: {'CR': float(row['CR']), 'CF': float(row['CF'])} for row in read_csv('Quest.csv')}


def derivatives(x, p, cho, insulin, D):
    """S2008 right-hand side. x: 13 states; cho mg/min; insulin pmol/kg/min; D mg (current meal amount)."""
    qsto1, qsto2, qgut, gp, gt, ip, xr, i1, idl, il, isc1, isc2, gs = x
    dx = np.empty(13)
    # stomach and gut, TBME 2007 eqs. 10-13
    qsto = qsto1 + qsto2
    if D > 0:
        alpha = 5.0 / (2.0 * D * (1.0 - p['b']))
        beta = 5.0 / (2.0 * D * p['d'])
        kempt = p['kmin'] + (p['kmax'] - p['kmin']) / 2.0 * (
            math.tanh(alpha * (qsto - p['b'] * D)) - math.tanh(beta * (qsto - p['d'] * D)) + 2.0)
    else:
        kempt = p['kmax']
    dx[0] = cho - p['kmax'] * qsto1
    dx[1] = p['kmax'] * qsto1 - kempt * qsto2
    dx[2] = kempt * qsto2 - p['kabs'] * qgut
    ra = p['f'] * p['kabs'] * qgut / p['BW']
    # glucose kinetics, eqs. 1-2 and 27
    egp = max(p['kp1'] - p['kp2'] * gp - p['kp3'] * idl, 0.0)
    renal = p['ke1'] * (gp - p['ke2']) if gp > p['ke2'] else 0.0
    dx[3] = egp + ra - p['Fsnc'] - renal - p['k1'] * gp + p['k2'] * gt
    uid = (p['Vm0'] + p['Vmx'] * xr) * gt / (p['Km0'] + gt)
    dx[4] = -uid + p['k1'] * gp - p['k2'] * gt
    # insulin kinetics and action
    dx[5] = -(p['m2'] + p['m4']) * ip + p['m1'] * il + p['ka1'] * isc1 + p['ka2'] * isc2
    it = ip / p['Vi']
    dx[6] = -p['p2u'] * xr + p['p2u'] * (it - p['Ib'])
    dx[7] = -p['ki'] * (i1 - it)
    dx[8] = -p['ki'] * (idl - i1)
    dx[9] = -(p['m1'] + p['m30']) * il + p['m2'] * ip
    # subcutaneous insulin and interstitial glucose
    dx[10] = insulin - (p['ka1'] + p['kd']) * isc1
    dx[11] = p['kd'] * isc1 - p['ka2'] * isc2
    dx[12] = -p['ksc'] * gs + p['ksc'] * gp
    for k in (3, 4, 5, 9, 12):
        if x[k] < 0:
            dx[k] = 0.0
    return dx


def simulate(params, x0, scenario, method='Radau', rtol=1e-10, atol=1e-10, every=5.0):
    """Piecewise integration between input breakpoints. Returns (times, states[13, k])."""
    duration = float(scenario['duration_min'])
    meals = [(float(m['t_min']), float(m['carbs_g'])) for m in scenario.get('meals', []) if m['carbs_g'] > 0]
    boluses = [(float(b['t_min']), float(b['units'])) for b in scenario.get('boluses', []) if b['units'] > 0]
    basal = params['u2ss']
    breaks = {0.0, duration}
    for t, carbs in meals:
        breaks.update((t, t + carbs * 1000.0 / EATING_RATE_MG_PER_MIN))
    for t, _ in boluses:
        breaks.update((t, t + 1.0))
    breaks = sorted(b for b in breaks if 0.0 <= b <= duration)
    n_report = int(math.floor(duration / every + 1e-9)) + 1
    report = np.arange(n_report) * every
    out = np.zeros((13, n_report))
    x = np.array(x0, dtype=float)
    D = 0.0
    stats = {'nfev': 0, 'njev': 0}
    for a, b in zip(breaks[:-1], breaks[1:]):
        for t, carbs in meals:
            if t == a:
                D = x[0] + x[1] + carbs * 1000.0
        cho = sum(EATING_RATE_MG_PER_MIN for t, c in meals if t <= a < t + c * 1000.0 / EATING_RATE_MG_PER_MIN)
        ins = basal + sum(u * PMOL_PER_UNIT / params['BW'] for t, u in boluses if t <= a < t + 1.0)
        last = b == breaks[-1]
        mask = (report >= a) & ((report <= b) if last else (report < b))
        fun = (lambda t, y, cho=cho, ins=ins, D=D: derivatives(y, params, cho, ins, D))
        wanted = report[mask]
        t_eval = wanted if (len(wanted) and wanted[-1] == b) else np.append(wanted, b)
        sol = solve_ivp(fun, (a, b), x, method=method, rtol=rtol, atol=atol, t_eval=t_eval)
        if sol.status != 0:
            raise RuntimeError('solve_ivp failed on [%g, %g]: %s' % (a, b, sol.message))
        stats['nfev'] += sol.nfev
        stats['njev'] += sol.njev
        out[:, mask] = sol.y[:, :len(wanted)]
        x = sol.y[:, -1]
    return report, out, stats


def three_meal_day(name, quest):
    """Breakfast 07:00 50 g, lunch 12:00 70 g, dinner 18:00 80 g; boluses carbs/CR at meal start."""
    cr = quest[name]['CR']
    meals = [{'t_min': 420, 'carbs_g': 50}, {'t_min': 720, 'carbs_g': 70}, {'t_min': 1080, 'carbs_g': 80}]
    boluses = [{'t_min': m['t_min'], 'units': round(m['carbs_g'] / cr, 6)} for m in meals]
    return {'duration_min': 1440, 'meals': meals, 'boluses': boluses, 'basal_u_per_min': 'patient-default'}


def fixture():
    subjects = load_subjects()
    quest = load_quest()
    result = {
        'generator': 'bench/uva_padova_s2008.py fixture (scipy %s, Radau, rtol=atol=1e-10)' % __import__('scipy').__version__,
        'every_min': 10,
        'subjects': {},
    }
    for name, (params, x0) in subjects.items():
        scenario = three_meal_day(name, quest)
        times, states, _ = simulate(params, x0, scenario, method='Radau', rtol=1e-10, atol=1e-10, every=10.0)
        result['subjects'][name] = {
            'scenario': scenario,
            'bg_mg_dl': [round(v, 6) for v in (states[3] / params['Vg']).tolist()],
            'cgm_mg_dl': [round(v, 6) for v in (states[12] / params['Vg']).tolist()],
        }
        print(name, file=sys.stderr)
    json.dump(result, sys.stdout, indent=None, separators=(',', ':'))
    sys.stdout.write('\n')


if __name__ == '__main__':
    if len(sys.argv) > 1 and sys.argv[1] == 'fixture':
        fixture()
    else:
        print(__doc__)
