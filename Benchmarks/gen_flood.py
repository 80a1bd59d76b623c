#!/usr/bin/env python3
"""The "flood" benchmark input (issue 10): an agency export with one systematic mistake.

    python3 Benchmarks/gen_flood.py --employees 50000 --out Benchmarks/data/flood-50k.yaml

Writes `pegawai:` and then N lines `  - {nip: '1', nama: a}`: every employee has the same invalid
NIP (and lacks required fields), so each entry raises several findings (4 per entry under all
packs: N001 and R001 among them), N * 4 in all. Standard library only; deterministic.
"""
import argparse
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--employees', type=int, required=True)
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    if a.employees < 0:
        sys.exit('--employees must be >= 0')
    with open(a.out, 'w', encoding='utf-8') as f:
        f.write('pegawai:\n')
        f.write("  - {nip: '1', nama: a}\n" * a.employees)


if __name__ == '__main__':
    main()
