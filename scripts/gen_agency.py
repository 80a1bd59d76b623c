#!/usr/bin/env python3
"""Synthetic agency generator for lintas benchmarks and scale tests (format v1).

    python3 scripts/gen_agency.py --employees 100000 --out Benchmarks/data/agency-100k.yaml
    python3 scripts/gen_agency.py --employees 100000 --findings 20 --out /tmp/dirty.yaml
    python3 scripts/gen_agency.py --employees 200 --batch 500 --out Benchmarks/data/batch

Writes one complete, valid agency (or, with --batch M, M agencies as DIR/agency-XXX/agency.yaml)
that is clean under the packs dasar and permenpanrb-7-2022:

- instansi with sistem_kerja (ditetapkan 2022-06-01);
- one JPT Pratama unit per ~500 employees, each with 3-5 administrator sub-units and 0-2 pengawas
  units below each of those, every unit headed by an employee holding the matching post;
- staff (fungsional with jenjang, pelaksana) placed in the administrator and pengawas units;
- teams of 10 (a fungsional ketua + 9 fungsional/pelaksana members; the ketua's jenjang is not
  below any member's on the same ladder), `internal-bidang` when all come from one sub-unit, else
  `lintas-bidang`, with penetapan (oleh = the head of the JPT Pratama unit), periode and
  jenis_pekerjaan;
- per JPT Pratama unit a PK for 2024 (one indicator per ~5 teams, at least 3) and a two-level
  matrix: each team holds a level-1 result (pelaksana = ketua) with a level-2 result per member,
  every other employee of the unit except its head holds an individual level-1 result, and every
  indicator is cascaded.

--findings K sprinkles K deterministic violations over distinct teams and employees and lists them
on stderr (rule code, entity, what). Each is built to raise exactly that one rule. Output is
deterministic for a given --seed (default 1). Standard library only.
"""
import argparse
import os
import random
import sys

YEAR = 2024

FIRST = ['Asep', 'Budi', 'Cecep', 'Dadang', 'Dedi', 'Dewi', 'Eka', 'Euis', 'Fajar', 'Gilang', 'Hana',
         'Indra', 'Intan', 'Joko', 'Kurnia', 'Lina', 'Maya', 'Nanda', 'Neneng', 'Oki', 'Putri', 'Rina',
         'Rizal', 'Sari', 'Siti', 'Taufik', 'Ujang', 'Wawan', 'Wulan', 'Yanti', 'Yudi', 'Zaenal']
LAST = ['Hidayat', 'Kurniawan', 'Lestari', 'Maulana', 'Nugraha', 'Permana', 'Pratama', 'Rahayu',
        'Ramdani', 'Saputra', 'Setiawan', 'Sulastri', 'Sunandar', 'Suryana', 'Wibowo', 'Wijaya']
OPD = ['Dinas Pendidikan', 'Dinas Kesehatan', 'Dinas Perhubungan', 'Dinas Sosial', 'Badan Kepegawaian Daerah',
       'Badan Perencanaan Pembangunan Daerah', 'Dinas Komunikasi dan Informatika', 'Dinas Lingkungan Hidup',
       'Dinas Pekerjaan Umum dan Penataan Ruang', 'Badan Pendapatan Daerah', 'Dinas Tenaga Kerja dan Transmigrasi',
       'Dinas Pariwisata dan Kebudayaan', 'Dinas Ketahanan Pangan dan Peternakan', 'Inspektorat Daerah']
BIDANG = ['Sekretariat', 'Bidang Perencanaan', 'Bidang Pelayanan', 'Bidang Pengembangan', 'Bidang Pengendalian',
          'Bidang Data dan Informasi']
SEKSI = ['Subbagian Umum', 'Seksi Program', 'Seksi Evaluasi']
KEAHLIAN = ['ahli-madya', 'ahli-muda', 'ahli-pertama']          # ahli-utama is left to --findings (K006)
KETERAMPILAN = ['penyelia', 'mahir', 'terampil']
RANK = {'ahli-utama': ('keahlian', 4), 'ahli-madya': ('keahlian', 3), 'ahli-muda': ('keahlian', 2),
        'ahli-pertama': ('keahlian', 1), 'penyelia': ('keterampilan', 4), 'mahir': ('keterampilan', 3),
        'terampil': ('keterampilan', 2), 'pemula': ('keterampilan', 1)}
JF_KEAHLIAN = ['Analis Kebijakan', 'Analis SDM Aparatur', 'Perencana', 'Pranata Komputer', 'Auditor', 'Statistisi']
JF_KETERAMPILAN = ['Pranata Komputer', 'Arsiparis', 'Statistisi', 'Pranata Keuangan APBN']
JENJANG_TEXT = {'ahli-utama': 'Ahli Utama', 'ahli-madya': 'Ahli Madya', 'ahli-muda': 'Ahli Muda',
                'ahli-pertama': 'Ahli Pertama', 'penyelia': 'Penyelia', 'mahir': 'Mahir', 'terampil': 'Terampil'}
PELAKSANA = ['Pengadministrasi Perkantoran', 'Pengelola Data', 'Pengolah Data dan Informasi', 'Penata Layanan Operasional',
             'Pengadministrasi Perkantoran Perencanaan']
OBJEK = ['Data kinerja unit', 'Dokumen perencanaan', 'Kajian kebijakan', 'Layanan informasi publik', 'Peta proses bisnis',
         'Standar pelayanan', 'Laporan keuangan', 'Rekomendasi evaluasi', 'Basis data pegawai', 'Indeks kepuasan layanan',
         'Dokumen anggaran', 'Sistem informasi layanan']
PREDIKAT = ['tersedia tepat waktu', 'termutakhirkan setiap triwulan', 'terselesaikan sesuai standar',
            'meningkat kualitasnya', 'tersaji lengkap dan akurat', 'terintegrasi antarbidang']
IKU = ['Indeks kepuasan masyarakat', 'Persentase capaian program', 'Nilai SAKIP perangkat daerah',
       'Indeks reformasi birokrasi', 'Persentase layanan tepat waktu', 'Indeks sistem merit']
DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


class Person:
    __slots__ = ('nip', 'nama', 'jabatan', 'jenis', 'jenjang', 'unit', 'sub')

    def __init__(self, nip, nama, jabatan, jenis, jenjang, unit, sub):
        self.nip, self.nama, self.jabatan, self.jenis, self.jenjang = nip, nama, jabatan, jenis, jenjang
        self.unit, self.sub = unit, sub


class Team:
    __slots__ = ('kode', 'nama', 'jpt', 'lingkup', 'jenis_pekerjaan', 'ketua', 'anggota', 'nomor', 'tanggal',
                 'mulai', 'selesai', 'penetapan', 'uraian')


class Generator:
    def __init__(self, seed, employees, prefix, nama_instansi, jenis, peraturan):
        self.rng = random.Random(seed)
        self.n = employees
        self.prefix = prefix
        self.nama_instansi = nama_instansi
        self.jenis = jenis
        self.peraturan = peraturan
        self.nips = set()
        self.units = []      # (kode, nama, tingkat, induk, pimpinan Person)
        self.people = []     # every Person, in pegawai order
        self.jpts = []       # dicts per JPT Pratama unit
        self.notes = []      # (code, entity, what) of --findings

    # --- people -----------------------------------------------------------------------------
    def nip(self, born_from, born_to):
        r = self.rng
        while True:
            y = r.randint(born_from, born_to)
            m = r.randint(1, 12)
            d = r.randint(1, DAYS[m - 1])
            ty = r.randint(y + 20, min(y + 32, YEAR - 1))
            tm = r.randint(1, 12)
            nip = f'{y:04d}{m:02d}{d:02d}{ty:04d}{tm:02d}{r.randint(1, 2)}{r.randint(1, 999):03d}'
            if nip not in self.nips:
                self.nips.add(nip)
                return nip

    def name(self):
        r = self.rng
        return f'{r.choice(FIRST)} {r.choice(LAST)}'

    def person(self, jabatan, jenis, jenjang, unit, sub, born=(1970, 2000)):
        p = Person(self.nip(*born), self.name(), jabatan, jenis, jenjang, unit, sub)
        self.people.append(p)
        return p

    def staff(self, unit, sub):
        x = self.rng.random()
        if x < 0.45:
            j = self.rng.choice(KEAHLIAN)
            return self.person(f'{self.rng.choice(JF_KEAHLIAN)} {JENJANG_TEXT[j]}', 'fungsional', j, unit, sub)
        if x < 0.65:
            j = self.rng.choice(KETERAMPILAN)
            return self.person(f'{self.rng.choice(JF_KETERAMPILAN)} {JENJANG_TEXT[j]}', 'fungsional', j, unit, sub)
        return self.person(self.rng.choice(PELAKSANA), 'pelaksana', None, unit, sub)

    # --- structure --------------------------------------------------------------------------
    def build(self):
        r = self.rng
        n_jpt = max(1, round(self.n / 500))
        sizes = [self.n // n_jpt + (1 if i < self.n % n_jpt else 0) for i in range(n_jpt)]
        team_no = 0
        for j, size in enumerate(sizes, 1):
            kode = f'OPD-{j:03d}'
            opd = OPD[(j - 1) % len(OPD)] + ('' if j <= len(OPD) else f' Wilayah {(j - 1) // len(OPD) + 1}')
            head = self.person(f'Kepala {opd}', 'jpt', 'pratama', kode, None, born=(1965, 1978))
            self.units.append((kode, opd, 'jpt-pratama', None, head))
            n_admin = min(r.randint(3, 5), max(1, (size - 1) // 6))
            budget = size - 1 - n_admin           # people left after the JPT and administrator heads
            subs = []
            for b in range(1, n_admin + 1):
                bk = f'{kode}-B{b}'
                bn = f'{BIDANG[(b - 1) % len(BIDANG)]} {opd}'
                bhead = self.person(f'Kepala {bn}', 'administrator', None, bk, bk, born=(1968, 1982))
                self.units.append((bk, bn, 'administrator', kode, bhead))
                places = [bk]
                for s in range(1, r.randint(0, 2) + 1):
                    if budget <= 2 * n_admin:
                        break
                    sk = f'{bk}-S{s}'
                    sn = f'{SEKSI[(s - 1) % len(SEKSI)]} {bn}'
                    shead = self.person(f'Kepala {sn}', 'pengawas', None, sk, bk, born=(1970, 1988))
                    self.units.append((sk, sn, 'pengawas', bk, shead))
                    places.append(sk)
                    budget -= 1
                subs.append((bk, places, bhead))
            # staff, spread over the sub-units
            by_sub = {bk: [] for bk, _, _ in subs}
            for i in range(budget):
                bk, places, _ = subs[i % len(subs)]
                by_sub[bk].append(self.staff(r.choice(places), bk))
            # teams: first inside each sub-unit, then the leftovers across sub-units
            teams, leftovers = [], []
            for bk, _, _ in subs:
                pool = by_sub[bk]
                r.shuffle(pool)
                full = len(pool) // 10 * 10
                teams += [pool[k:k + 10] for k in range(0, full, 10)]
                leftovers += pool[full:]
            full = len(leftovers) // 10 * 10
            teams += [leftovers[k:k + 10] for k in range(0, full, 10)]
            individuals = [bh for _, _, bh in subs] + [u[4] for u in self.units if u[2] == 'pengawas' and u[0].startswith(kode + '-')]
            individuals += leftovers[full:]
            made = []
            for group in teams:
                team_no += 1
                made.append(self.team(team_no, kode, head, group))
            n_ind = max(3, round(len(made) / 5))
            self.jpts.append({'kode': kode, 'nama': opd, 'head': head, 'teams': made, 'individuals': individuals,
                              'indikator': [f'IKU-{j:03d}-{k:02d}' for k in range(1, n_ind + 1)],
                              'dropped': set(), 'verb': set()})

    def team(self, no, kode, head, group):
        r = self.rng
        if not any(p.jenis == 'fungsional' for p in group):
            p = group[0]
            p.jenis, p.jenjang, p.jabatan = 'fungsional', 'ahli-pertama', f'{r.choice(JF_KEAHLIAN)} Ahli Pertama'
        # the ketua: the highest fungsional on the keahlian ladder, else on the keterampilan ladder
        fung = [p for p in group if p.jenis == 'fungsional']
        keahlian = [p for p in fung if RANK[p.jenjang][0] == 'keahlian']
        ketua = max(keahlian or fung, key=lambda p: RANK[p.jenjang][1])
        t = Team()
        t.kode = f'TK-{no:05d}'
        t.nama = f'Tim {r.choice(OBJEK)} {no}'
        t.jpt = kode
        t.lingkup = 'internal-bidang' if len({p.sub for p in group}) == 1 else 'lintas-bidang'
        t.jenis_pekerjaan = 'administratif' if no % 3 == 0 else 'pengembangan'
        t.ketua = ketua
        t.anggota = [p for p in group if p is not ketua]
        t.nomor = f'800/Kep.{no}-{kode}/{YEAR}'
        t.tanggal = f'{YEAR}-01-{r.randint(2, 15):02d}'
        t.mulai = t.tanggal
        t.selesai = f'{YEAR}-12-31'
        t.penetapan = True
        t.uraian = f'{r.choice(OBJEK)} {r.choice(PREDIKAT)}'
        return t

    # --- violations -------------------------------------------------------------------------
    def sprinkle(self, k):
        """Applies k violations to distinct teams/people; each raises exactly one rule."""
        r = random.Random(self.rng.random())
        teams = [(u, t) for u in self.jpts for t in u['teams']]
        singles = [(u, p) for u in self.jpts for p in u['individuals'] if p.jenis in ('fungsional', 'pelaksana')]
        r.shuffle(teams)
        r.shuffle(singles)
        kinds = ['K001', 'T004', 'M012', 'N002', 'M014', 'T001', 'S004', 'T007', 'K006']
        ti = si = 0
        for i in range(k):
            kind = kinds[i % len(kinds)]
            if kind in ('M012', 'N002'):
                if si >= len(singles):
                    kind = 'T001'
                else:
                    u, p = singles[si]
                    si += 1
                    if kind == 'M012':
                        u['dropped'].add(p.nip)
                        self.notes.append(('M012', p.nip, f'{p.nama} ({u["kode"]}) has no result in the matrix'))
                    else:
                        self.nips.discard(p.nip)
                        p.nip = p.nip[:4] + '0230' + p.nip[8:]          # 30 February
                        while p.nip in self.nips:
                            p.nip = p.nip[:15] + f'{(int(p.nip[15:]) % 999) + 1:03d}'
                        self.nips.add(p.nip)
                        self.notes.append(('N002', p.nip, 'NIP birth date is 30 February'))
                    continue
            if kind == 'K006':
                # a team whose ketua and some member are both on the keahlian ladder
                pick = next((x for x in range(ti, len(teams)) if RANK[teams[x][1].ketua.jenjang][0] == 'keahlian'
                             and any(RANK.get(p.jenjang, ('', 0))[0] == 'keahlian' for p in teams[x][1].anggota)), None)
                if pick is not None:
                    teams[ti], teams[pick] = teams[pick], teams[ti]
                else:
                    kind = 'T001'
            if ti >= len(teams):
                print(f'gen_agency: only {i} of {k} findings fit in this agency', file=sys.stderr)
                break
            u, t = teams[ti]
            ti += 1
            if kind == 'K001':
                p = t.ketua
                p.jenis, p.jenjang, p.jabatan = 'administrator', None, f'Kepala Bagian Umum {u["nama"]}'
                self.notes.append(('K001', t.kode, f'ketua {p.nip} is an administrator'))
            elif kind == 'T004':
                t.lingkup = 'lintas-bidang' if t.lingkup == 'internal-bidang' else 'internal-bidang'
                self.notes.append(('T004', t.kode, f'lingkup {t.lingkup} does not match where the members sit'))
            elif kind == 'M014':
                t.uraian = 'Melaksanakan ' + t.uraian[0].lower() + t.uraian[1:]
                self.notes.append(('M014', t.kode, 'its level-1 result starts with "Melaksanakan"'))
            elif kind == 'T001':
                t.penetapan = False
                self.notes.append(('T001', t.kode, 'penetapan has no nomor'))
            elif kind == 'S004':
                t.jenis_pekerjaan = 'teknis'
                self.notes.append(('S004', t.kode, 'jenis_pekerjaan "teknis" is not allowed'))
            elif kind == 'T007':
                t.mulai = f'{YEAR + 1}-01-01'
                self.notes.append(('T007', t.kode, 'periode.mulai is after periode.selesai'))
            elif kind == 'K006':
                m = next(p for p in t.anggota if RANK.get(p.jenjang, ('', 0))[0] == 'keahlian')
                m.jenjang, m.jabatan = 'ahli-utama', m.jabatan.rsplit(' ', 2)[0] + ' Ahli Utama'
                self.notes.append(('K006', t.kode, f'member {m.nip} (ahli-utama) ranks above the ketua'))

    # --- output -----------------------------------------------------------------------------
    def render(self):
        out = []
        w = out.append
        w('# Synthetic agency written by scripts/gen_agency.py (not real data).\n')
        w('versi: 1\ninstansi:\n')
        w(f'  kode: {self.prefix}\n  nama: {self.nama_instansi}\n  jenis: {self.jenis}\n')
        w(f'  sistem_kerja:\n    peraturan: {self.peraturan}\n    ditetapkan: 2022-06-01\n')
        w('\nunit_organisasi:\n')
        for kode, nama, tingkat, induk, head in self.units:
            w(f'  - kode: {kode}\n    nama: {nama}\n    tingkat: {tingkat}\n')
            if induk:
                w(f'    induk: {induk}\n')
            w(f'    pimpinan: "{head.nip}"\n')
        w('\npegawai:\n')
        for p in self.people:
            w(f'  - nip: "{p.nip}"\n    nama: {p.nama}\n    jabatan: {p.jabatan}\n    jenis_jabatan: {p.jenis}\n')
            if p.jenjang:
                w(f'    jenjang: {p.jenjang}\n')
            w(f'    unit: {p.unit}\n')
        w('\nperjanjian_kinerja:\n')
        for u in self.jpts:
            w(f'  - unit: {u["kode"]}\n    tahun: {YEAR}\n    pejabat: "{u["head"].nip}"\n    indikator:\n')
            for k, ind in enumerate(u['indikator']):
                w(f'      - kode: {ind}\n        uraian: {IKU[k % len(IKU)]}\n        target: {80 + k % 15}\n        satuan: persen\n')
        w('\ntim_kerja:\n')
        for u in self.jpts:
            oleh = u['head'].nip
            for t in u['teams']:
                w(f'  - kode: {t.kode}\n    nama: {t.nama}\n    unit: {t.jpt}\n    lingkup: {t.lingkup}\n'
                  f'    jenis_pekerjaan: {t.jenis_pekerjaan}\n    penetapan:\n')
                if t.penetapan:
                    w(f'      nomor: "{t.nomor}"\n')
                w(f'      tanggal: {t.tanggal}\n      oleh: "{oleh}"\n'
                  f'    periode:\n      mulai: {t.mulai}\n      selesai: {t.selesai}\n'
                  f'    ketua: "{t.ketua.nip}"\n    anggota:\n')
                for p in t.anggota:
                    w(f'      - "{p.nip}"\n')
        w('\nmatriks_peran_hasil:\n')
        for u in self.jpts:
            w(f'  - unit: {u["kode"]}\n    tahun: {YEAR}\n    penyelarasan: dua-tingkat\n    hasil:\n')
            inds = u['indikator']
            n = 0
            for t in u['teams']:
                n += 1
                w(f'      - kode: H{n}\n        uraian: {t.uraian}\n        indikator: {inds[(n - 1) % len(inds)]}\n'
                  f'        pelaksana: "{t.ketua.nip}"\n        tim: {t.kode}\n        turunan:\n')
                for m, p in enumerate(t.anggota, 1):
                    w(f'          - kode: H{n}.{m}\n            uraian: {OBJEK[(n + m) % len(OBJEK)]} bagian {m} '
                      f'{PREDIKAT[(n + m) % len(PREDIKAT)]}\n            pelaksana: "{p.nip}"\n')
            for p in u['individuals']:
                if p.nip in u['dropped']:
                    continue
                n += 1
                w(f'      - kode: H{n}\n        uraian: {OBJEK[n % len(OBJEK)]} {PREDIKAT[n % len(PREDIKAT)]}\n'
                  f'        indikator: {inds[(n - 1) % len(inds)]}\n        pelaksana: "{p.nip}"\n')
            # every indicator needs a level-1 result; tiny units may have fewer results than indicators
            while n < len(inds):
                n += 1
                w(f'      - kode: H{n}\n        uraian: {OBJEK[n % len(OBJEK)]} {PREDIKAT[n % len(PREDIKAT)]}\n'
                  f'        indikator: {inds[n - 1]}\n        pelaksana: "{u["individuals"][0].nip}"\n')
        return ''.join(out)


def generate(seed, employees, findings, prefix='PEMPROV-JABAR', nama='Pemerintah Daerah Provinsi Jawa Barat',
             jenis='pemerintah-provinsi', peraturan='Peraturan Gubernur Jawa Barat Nomor 181 Tahun 2021'):
    g = Generator(seed, employees, prefix, nama, jenis, peraturan)
    g.build()
    if findings:
        g.sprinkle(findings)
    return g


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--employees', type=int, required=True, help='employees per agency (at least 30)')
    ap.add_argument('--out', required=True, help='output file, or directory with --batch')
    ap.add_argument('--seed', type=int, default=1, help='random seed (default 1)')
    ap.add_argument('--findings', type=int, default=0, help='number of violations to sprinkle (default 0)')
    ap.add_argument('--batch', type=int, default=0, metavar='M', help='write M agencies into OUT/agency-XXX/agency.yaml')
    a = ap.parse_args(argv)
    if a.employees < 30:
        ap.error('--employees must be at least 30')
    if a.findings < 0 or a.batch < 0:
        ap.error('--findings and --batch must not be negative')

    def report(g, label):
        if not g.notes:
            return
        counts = {}
        for code, _, _ in g.notes:
            counts[code] = counts.get(code, 0) + 1
        print(f'{label}: {len(g.notes)} findings sprinkled ('
              + ', '.join(f'{c} x{counts[c]}' for c in sorted(counts)) + ')', file=sys.stderr)
        for code, entity, what in g.notes:
            print(f'  {code} {entity}: {what}', file=sys.stderr)

    if a.batch:
        os.makedirs(a.out, exist_ok=True)
        width = max(3, len(str(a.batch)))
        for i in range(1, a.batch + 1):
            name = f'agency-{i:0{width}d}'
            g = generate(a.seed * 100003 + i, a.employees, a.findings,
                         prefix=f'PEMKAB-{i:0{width}d}', nama=f'Pemerintah Kabupaten Sintetis {i}',
                         jenis='pemerintah-kabupaten', peraturan=f'Peraturan Bupati Sintetis {i} Nomor 12 Tahun 2022')
            os.makedirs(os.path.join(a.out, name), exist_ok=True)
            with open(os.path.join(a.out, name, 'agency.yaml'), 'w', encoding='utf-8') as f:
                f.write(g.render())
            report(g, name)
        return
    g = generate(a.seed, a.employees, a.findings)
    parent = os.path.dirname(a.out)
    if parent:
        os.makedirs(parent, exist_ok=True)
    with open(a.out, 'w', encoding='utf-8') as f:
        f.write(g.render())
    report(g, a.out)


if __name__ == '__main__':
    main()
