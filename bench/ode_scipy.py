#!/usr/bin/env python3
"""scipy reference timings for `npm run bench:ode`: the UVA/Padova S2008 three-meal day (bench/uva_padova_s2008.py)
for all 30 subjects with solve_ivp LSODA and RK45 at rtol = atol = 1e-6, report every 5 min.
Prints one JSON object: per method, wall and CPU ms per patient-day (best of the repeats), function and Jacobian
evaluations per day."""
import json
import subprocess
import sys
import time

try:
    import scipy  # noqa: F401
except ImportError:  # the benchmark installs its own reference dependency
    subprocess.check_call([sys.executable, '-m', 'pip', 'install', '--quiet', 'scipy'])

import os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scipy  # noqa: E402
import uva_padova_s2008 as port  # noqa: E402


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    subjects = port.load_subjects()
    quest = port.load_quest()
    out = {'scipy': scipy.__version__, 'python': sys.version.split()[0], 'methods': {}}
    for method in ('LSODA', 'RK45'):
        best = float('inf')
        best_cpu = float('inf')
        nfev = 0
        njev = 0
        bg = {}
        for _ in range(repeats):
            nfev = 0
            njev = 0
            start = time.perf_counter()
            cpu_start = time.process_time()
            for name, (params, x0) in subjects.items():
                _, states, stats = port.simulate(params, x0, port.three_meal_day(name, quest), method=method,
                                                 rtol=1e-6, atol=1e-6, every=5.0)
                nfev += stats['nfev']
                njev += stats['njev']
                bg[name] = (states[3] / params['Vg']).tolist()
            best = min(best, (time.perf_counter() - start) * 1000 / len(subjects))
            best_cpu = min(best_cpu, (time.process_time() - cpu_start) * 1000 / len(subjects))
        out['methods'][method] = {'ms_per_patient_day': best, 'cpu_ms_per_patient_day': best_cpu, 'nfev_per_day': nfev / len(subjects),
                                  'njev_per_day': njev / len(subjects), 'bg': bg}
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
