#!/usr/bin/env python3
"""Decode a PNG (8-bit RGB/RGBA, as Chromium writes them) with zlib only and print a JSON summary:
width, height, the number of distinct colours (sampled on a grid), the share of sampled pixels that
differ from the most common colour, and the share of each colour asked for with --colour RRGGBB.
Used by the browser tests (Tests/lintasTests/BrowserTests.swift) to tell a blank or unstyled
screenshot from a drawn one.

    png_stats.py FILE.png [--colour 0b3d62 ...]
    png_stats.py FILE.png --crop X Y W H OUT.png      (writes that region as an RGB PNG)"""
import json
import struct
import sys
import zlib


def decode(path):
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise SystemExit('not a PNG: ' + path)
    pos, idat, w = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b'IHDR':
            w, h, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise SystemExit('unsupported PNG layout (depth %d, colour type %d)' % (depth, ctype))
            bpp = 3 if ctype == 2 else 4
        elif kind == b'IDAT':
            idat.append(body)
        elif kind == b'IEND':
            break
        pos += 12 + length
    raw = zlib.decompress(b''.join(idat))
    stride = w * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(h):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + ((a + b) >> 1)) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else (b if pb <= pc else c))) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def write_rgb(path, w, h, rows):
    raw = b''.join(b'\x00' + r for r in rows)
    def chunk(kind, body):
        return struct.pack('>I', len(body)) + kind + body + struct.pack('>I', zlib.crc32(kind + body) & 0xffffffff)
    open(path, 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0))
                           + chunk(b'IDAT', zlib.compress(raw, 6)) + chunk(b'IEND', b''))


def main():
    w, h, bpp, rows = decode(sys.argv[1])
    if len(sys.argv) > 2 and sys.argv[2] == '--crop':
        x, y, cw, ch = (int(v) for v in sys.argv[3:7])
        out = [bytes(b for px in range(x, min(w, x + cw)) for b in rows[r][px * bpp:px * bpp + 3]) for r in range(y, min(h, y + ch))]
        write_rgb(sys.argv[7], min(w, x + cw) - x, len(out), out)
        return
    wanted = [bytes.fromhex(v) for i, v in enumerate(sys.argv) if i > 1 and sys.argv[i - 1] == '--colour']
    counts = {}
    step = max(1, min(w, h) // 200)
    for y in range(0, h, step):
        r = rows[y]
        for x in range(0, w, step):
            px = r[x * bpp:x * bpp + 3]
            counts[px] = counts.get(px, 0) + 1
    total = sum(counts.values())
    top = max(counts.values())
    shares = {c.hex(): round(counts.get(c, 0) / total, 4) for c in wanted}
    print(json.dumps({'width': w, 'height': h, 'colours': len(counts), 'nonBackground': round(1 - top / total, 4),
                      'share': shares}))


main()
