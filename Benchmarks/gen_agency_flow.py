#!/usr/bin/env python3
"""A second agency generator for the benchmarks, written apart from scripts/gen_agency.py.

    python3 Benchmarks/gen_agency_flow.py --employees 100000 --out Benchmarks/data/flow-100k.yaml

The parse-ratio target must hold on an input the loader was not tuned on, so this one writes the
same kind of agency in other shapes: a `---` document start, the top-level lists in another
order (tim_kerja and pegawai before the units), employees as one-line flow mappings with their
keys in varying order, single- and double-quoted texts (some with escapes), quoted keys, comments
between and beside items, anchors with aliases and merge keys (`<<`) for the shared periode and
penetapan, anggota as flow lists, results' texts as folded and literal block scalars, units of
uneven size (a kabupaten's dinas, bidang and seksi, teams of 6 to 12). Deterministic for a seed;
standard library only.
"""
import argparse
import random

YEAR = 2024
GIVEN = ['Ade', 'Agus', 'Ahmad', 'Ani', 'Bambang', 'Cahya', 'Dian', 'Eko', 'Endang', 'Fitri', 'Galih', 'Hendra',
         'Iis', 'Iwan', 'Lilis', 'Mamat', 'Nia', 'Nurul', 'Rani', 'Ridwan', 'Rudi', 'Susi', 'Tini', 'Yayan']
FAMILY = ['Abdullah', 'Firmansyah', 'Gunawan', 'Hakim', 'Hermawan', 'Iskandar', 'Kusuma', 'Mulyadi', 'Nurhayati',
          'Purnama', 'Rachman', 'Sopian', 'Supriatna', 'Susanto', 'Syahputra', 'Hernández', 'Zulkarnain']
DINAS = ['Dinas Kesehatan', 'Dinas Pendidikan dan Kebudayaan', 'Dinas Perumahan dan Permukiman',
         'Dinas Kependudukan dan Pencatatan Sipil', 'Badan Keuangan dan Aset Daerah', 'Dinas Pertanian',
         'Dinas Koperasi dan Usaha Mikro', 'Satuan Polisi Pamong Praja', 'Dinas Perikanan', 'Bappelitbangda']
BIDANG = ['Sekretariat', 'Bidang Program', 'Bidang Layanan', 'Bidang Sarana', 'Bidang Evaluasi']
SEKSI = ['Seksi Perencanaan', 'Seksi Pelaksanaan', 'Seksi Pemantauan']
AHLI = [('ahli-pertama', 1), ('ahli-muda', 2), ('ahli-madya', 3)]
TERAMPIL = [('terampil', 2), ('mahir', 3), ('penyelia', 4)]
JF = ['Perencana', 'Analis Keuangan', 'Epidemiolog', 'Penyuluh Pertanian', 'Pranata Humas', 'Auditor']
JFT = ['Arsiparis', 'Pranata Komputer', 'Pengelola Pengadaan Barang/Jasa']
PLK = ['Pengadministrasi Umum', 'Pengolah Data', 'Pengelola Layanan Operasional', 'Penata Kelola Sistem']
HASIL = ['Laporan "kinerja" triwulan', 'Rekap data layanan', 'Dokumen rencana aksi', 'Telaahan staf',
         'Bahan rapat koordinasi', 'Basis data sarana', 'Naskah kebijakan', 'Hasil evaluasi program']
IKU = ['Persentase OPD dengan nilai SAKIP baik', 'Indeks kepuasan layanan publik', 'Tingkat capaian target RPJMD']


class Gen:
    def __init__(self, seed, n):
        self.r = random.Random(seed)
        self.n = n
        self.used = set()
        self.people = []
        self.units = []
        self.opds = []

    def nip(self, lo, hi):
        r = self.r
        while True:
            born = (r.randint(lo, hi), r.randint(1, 12), r.randint(1, 28))
            tmt = (r.randint(born[0] + 19, min(born[0] + 35, YEAR - 1)), r.randint(1, 12))
            x = '%04d%02d%02d%04d%02d%d%03d' % (born + tmt + (r.choice((1, 2)), r.randint(1, 999)))
            if x not in self.used:
                self.used.add(x)
                return x

    def add(self, jabatan, jenis, jenjang, unit, bidang, lo=1972, hi=1999):
        p = {'nip': self.nip(lo, hi), 'nama': '%s %s' % (self.r.choice(GIVEN), self.r.choice(FAMILY)),
             'jabatan': jabatan, 'jenis_jabatan': jenis, 'unit': unit, 'bidang': bidang}
        if jenjang:
            p['jenjang'] = jenjang
        self.people.append(p)
        return p

    def worker(self, unit, bidang):
        x = self.r.random()
        if x < 0.5:
            j, _ = self.r.choice(AHLI)
            return self.add('%s %s' % (self.r.choice(JF), j.replace('-', ' ').title()), 'fungsional', j, unit, bidang)
        if x < 0.7:
            j, _ = self.r.choice(TERAMPIL)
            return self.add('%s %s' % (self.r.choice(JFT), j.title()), 'fungsional', j, unit, bidang)
        return self.add(self.r.choice(PLK), 'pelaksana', None, unit, bidang)

    def build(self):
        r = self.r
        left = self.n
        no = 0
        while left > 0:
            no += 1
            size = min(left, r.randint(350, 750))
            if left - size < 40:
                size = left
            left -= size
            kode = 'D%02d' % no
            nama = DINAS[(no - 1) % len(DINAS)] + ('' if no <= len(DINAS) else ' %d' % ((no - 1) // len(DINAS) + 1))
            head = self.add('Kepala ' + nama, 'jpt', 'pratama', kode, None, 1966, 1976)
            self.units.append({'kode': kode, 'nama': nama, 'tingkat': 'jpt-pratama', 'pimpinan': head['nip']})
            budget = size - 1
            nb = r.randint(2, 4)
            bidang = []
            for b in range(nb):
                bk = '%s.%d' % (kode, b + 1)
                bn = '%s %s' % (BIDANG[b % len(BIDANG)], nama)
                bh = self.add('Kepala ' + bn, 'administrator', None, bk, bk, 1968, 1984)
                budget -= 1
                self.units.append({'kode': bk, 'nama': bn, 'tingkat': 'administrator', 'induk': kode,
                                   'pimpinan': bh['nip']})
                places, heads = [bk], [bh]
                for s in range(r.randint(1, 3)):
                    if budget < 30:
                        break
                    sk = '%s.%d' % (bk, s + 1)
                    sn = '%s %s' % (SEKSI[s], bn)
                    sh = self.add('Kepala ' + sn, 'pengawas', None, sk, bk, 1970, 1990)
                    budget -= 1
                    self.units.append({'kode': sk, 'nama': sn, 'tingkat': 'pengawas', 'induk': bk,
                                       'pimpinan': sh['nip']})
                    places.append(sk)
                    heads.append(sh)
                bidang.append((bk, places, heads))
            staff = [self.worker(r.choice(bidang[i % nb][1]), bidang[i % nb][0]) for i in range(budget)]
            r.shuffle(staff)
            teams, rest, k = [], [], 0
            while k < len(staff):
                m = r.randint(6, 12)
                group = staff[k:k + m]
                k += m
                if len(group) < 6:
                    rest += group
                    continue
                fung = [p for p in group if p['jenis_jabatan'] == 'fungsional']
                if not fung:
                    rest += group
                    continue
                ahli = [p for p in fung if p['jenjang'].startswith('ahli')]
                rank = dict(AHLI + TERAMPIL)
                ketua = max(ahli or fung, key=lambda p: rank[p['jenjang']])
                teams.append((ketua, [p for p in group if p is not ketua]))
            singles = [h for _, _, hs in bidang for h in hs] + rest
            self.opds.append({'kode': kode, 'nama': nama, 'head': head, 'teams': teams, 'singles': singles,
                              'iku': ['%s/IKU/%d' % (kode, i + 1) for i in range(max(3, len(teams) // 6))]})

    def render(self):
        r = self.r
        o = []
        w = o.append
        w('%YAML 1.1\n---\n# Kabupaten sintetis (Benchmarks/gen_agency_flow.py): bukan data sebenarnya.\n')
        w('versi: 1\n')
        w("instansi: {kode: PEMKAB-SINTETIS, nama: 'Pemerintah Kabupaten Sintetis', jenis: pemerintah-kabupaten,\n"
          "  sistem_kerja: {peraturan: \"Peraturan Bupati Sintetis Nomor 7 Tahun 2022\", ditetapkan: 2022-11-01}}\n")
        # teams first, with shared periode (anchor/alias) and penetapan (merge key)
        w('\ntim_kerja:\n')
        tno = 0
        for d, u in enumerate(self.opds):
            for t, (ketua, members) in enumerate(u['teams']):
                tno += 1
                code = '%s-T%03d' % (u['kode'], t + 1)
                lingkup = 'internal-bidang' if len({p['bidang'] for p in members + [ketua]}) == 1 else 'lintas-bidang'
                w('  # tim %d\n' % tno)
                w('  - kode: "%s"\n    nama: \'Tim %s %d\'\n' % (code, r.choice(HASIL).replace('"', ''), tno))
                w('    unit: %s\n    ketua: \'%s\'\n    lingkup: %s\n' % (u['kode'], ketua['nip'], lingkup))
                w('    jenis_pekerjaan: %s\n' % ('pengembangan' if tno % 4 else 'administratif'))
                if t % 8 == 0:
                    # An anchor every 8 teams, aliases between: the alias expansions of the whole
                    # file stay under lintas's limit (100,000 nodes per document).
                    anchor = d * 1000 + t
                    w('    periode: &per%d {mulai: %d-01-15, selesai: %d-12-31}\n' % (anchor, YEAR, YEAR))
                    w("    penetapan: &sk%d\n      oleh: '%s'\n      tanggal: %d-01-10\n      nomor: 'KEP/%d/%s'\n"
                      % (anchor, u['head']['nip'], YEAR, tno, u['kode']))
                elif t % 2 == 0:
                    w('    periode: *per%d\n' % anchor)
                    w("    penetapan: {<<: *sk%d, nomor: \"KEP/%d/%s\"}\n" % (anchor, tno, u['kode']))
                else:
                    w('    periode:\n      mulai: %d-01-15\n      selesai: %d-12-31\n' % (YEAR, YEAR))
                    w("    penetapan: {nomor: \"KEP/%d/%s\", tanggal: %d-01-10, oleh: '%s'}\n"
                      % (tno, u['kode'], YEAR, u['head']['nip']))
                w('    anggota: [%s]\n' % ', '.join("'%s'" % p['nip'] for p in members))
        w('\npegawai:\n')
        orders = [('nip', 'nama', 'jabatan', 'jenis_jabatan', 'jenjang', 'unit'),
                  ('nama', 'nip', 'unit', 'jenis_jabatan', 'jenjang', 'jabatan'),
                  ('unit', 'jenis_jabatan', 'jenjang', 'jabatan', 'nama', 'nip')]
        for i, p in enumerate(self.people):
            parts = []
            for key in orders[i % 3]:
                if key not in p:
                    continue
                v = p[key]
                if key == 'nip':
                    parts.append("nip: '%s'" % v)
                elif key == 'nama':
                    parts.append('"nama": "%s"' % v.replace('á', '\\u00e1'))
                else:
                    parts.append('%s: %s' % (key, v))
            w('  - {%s}%s\n' % (', '.join(parts), '  # baris %d' % i if i % 50 == 0 else ''))
        w('\nunit_organisasi:\n')
        for u in self.units:
            w('  - "kode": %s\n    "nama": "%s"\n    "tingkat": %s\n' % (u['kode'], u['nama'], u['tingkat']))
            if 'induk' in u:
                w('    "induk": %s\n' % u['induk'])
            w("    \"pimpinan\": '%s'\n" % u['pimpinan'])
        w('\nmatriks_peran_hasil:\n')
        for u in self.opds:
            w('- unit: %s\n  tahun: %d\n  hasil:\n' % (u['kode'], YEAR))
            n = 0
            iku = u['iku']
            for t, (ketua, members) in enumerate(u['teams']):
                n += 1
                w('  - kode: R-%d\n    indikator: %s\n    tim: "%s-T%03d"\n    pelaksana: \'%s\'\n'
                  % (n, iku[(n - 1) % len(iku)], u['kode'], t + 1, ketua['nip']))
                w('    uraian: >-\n      %s yang\n      disusun tim %d\n    turunan:\n' % (HASIL[n % len(HASIL)], n))
                for m, p in enumerate(members):
                    style = m % 3
                    if style == 0:
                        txt = '"%s bagian %d"' % (HASIL[(n + m) % len(HASIL)].replace('"', '\\"'), m + 1)
                        w('    - {kode: R-%d.%d, pelaksana: \'%s\', uraian: %s}\n' % (n, m + 1, p['nip'], txt))
                    elif style == 1:
                        w('    - kode: R-%d.%d\n      uraian: |-\n        %s, bagian %d\n      pelaksana: "%s"\n'
                          % (n, m + 1, HASIL[(n + m) % len(HASIL)], m + 1, p['nip']))
                    else:
                        w('    - pelaksana: %s\n      kode: R-%d.%d  # anggota\n      uraian: \'%s (bagian %d)\'\n'
                          % (p['nip'], n, m + 1, HASIL[(n + m) % len(HASIL)].replace('"', ''), m + 1))
            for p in u['singles']:
                n += 1
                w('  - {kode: R-%d, indikator: %s, pelaksana: "%s", uraian: "%s"}\n'
                  % (n, iku[(n - 1) % len(iku)], p['nip'], HASIL[n % len(HASIL)].replace('"', '\\"')))
            while n < len(iku):
                n += 1
                w("  - {kode: R-%d, indikator: %s, pelaksana: '%s', uraian: Rekap capaian}\n"
                  % (n, iku[n - 1], u['singles'][0]['nip']))
        w('\nperjanjian_kinerja:\n')
        for u in self.opds:
            w("- {unit: %s, tahun: %d, pejabat: '%s', indikator: [\n" % (u['kode'], YEAR, u['head']['nip']))
            for k, code in enumerate(u['iku']):
                w('    {kode: %s, uraian: "%s", target: %d.5, satuan: "%%"},\n' % (code, IKU[k % len(IKU)], 70 + k % 20))
            w('  ]}\n')
        w('...\n')
        return ''.join(o)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--employees', type=int, required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--seed', type=int, default=7)
    a = ap.parse_args()
    if a.employees < 60:
        ap.error('--employees must be at least 60')
    g = Gen(a.seed, a.employees)
    g.build()
    with open(a.out, 'w', encoding='utf-8') as f:
        f.write(g.render())


if __name__ == '__main__':
    main()
