#!/usr/bin/env python3
"""Word spacing of justified lines in a PDF, as a reader sees it.

For every line of text (pdftotext -bbox-layout) that reaches the right margin (the
commonest right edge of lines) and is not the last of its block, the gaps between
its words are measured against the normal space of the font at that size
(Liberation Sans: 0.2779 em). Producers give word boxes different heights for the
same type, so the size is scaled from the commonest word height of full lines,
taken to be the body size (10.5 pt in both documents). Prints the share of such lines whose mean
gap exceeds 1.5 normal spaces, and the median ratio.

    scripts/spacing.py FILE.pdf [FILE.pdf ...]

The same measure is applied to any PDF, ours or Typst's, set in Liberation Sans.
"""
import html.parser
import statistics
import subprocess
import sys

SPACE_EM = 0.2779   # Liberation Sans space advance
BODY_SIZE = 10.5    # points: the body text of both documents
LOOSE = 1.5         # a gap this many normal spaces wide or more counts as loose
MARGIN_SLACK = 1.0  # points: a line this close to the right edge is justified


class Words(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.blocks = []   # blocks → lines → words (xMin, xMax, yMin, yMax)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "block":
            self.blocks.append([])
        elif tag == "line" and self.blocks:
            self.blocks[-1].append([])
        elif tag == "word" and self.blocks and self.blocks[-1]:
            self.blocks[-1][-1].append(
                tuple(float(a[k]) for k in ("xmin", "xmax", "ymin", "ymax")))


def measure(path):
    out = subprocess.run(["pdftotext", "-bbox-layout", path, "-"],
                         capture_output=True, text=True, check=True).stdout
    parser = Words()
    parser.feed(out)
    lines = [l for b in parser.blocks for l in b if l]
    if not lines:
        return 0, 0, 0
    right = statistics.mode(round(l[-1][1]) for l in lines)
    # The body's word height: the commonest among lines that fill the measure.
    full = [l for l in lines if abs(right - l[-1][1]) <= MARGIN_SLACK and len(l) >= 3]
    body_height = statistics.mode(round(l[0][3] - l[0][2], 1) for l in full)
    ratios = []
    for block in parser.blocks:
        for line in block[:-1]:            # the last line of a block is ragged
            if len(line) < 3 or abs(right - line[-1][1]) > MARGIN_SLACK:
                continue
            size = BODY_SIZE * (line[0][3] - line[0][2]) / body_height
            gaps = [b[0] - a[1] for a, b in zip(line, line[1:])]
            ratios.append(statistics.mean(gaps) / (SPACE_EM * size))
    loose = sum(r > LOOSE for r in ratios)
    return len(ratios), loose, statistics.median(ratios) if ratios else 0


for path in sys.argv[1:]:
    n, loose, median = measure(path)
    share = 100 * loose / n if n else 0
    print(f"{path}: {n} justified lines, {loose} ({share:.1f}%) with spaces over "
          f"{LOOSE}x normal, median {median:.2f}x")
