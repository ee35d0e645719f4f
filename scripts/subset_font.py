#!/usr/bin/env python3
"""Regenerate assets/fonts/NotoSansSC-Subset.otf: Noto Sans CJK SC Regular (Debian's
fonts-noto-cjk) cut down to ASCII, GB 2312's symbols and level-1 hanzi (3,755), and every
non-ASCII character in engine/ and scenarios/. Run it after adding user-visible text with new
characters (the test `shipped_font_covers_every_character_shown` says which are missing).
Needs fontTools (`pip install fonttools`) and /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc.
"""
import glob
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
# The collection holds JP, KR, SC, TC, HK in this order.
SC_INDEX = 2


def gb2312(rows):
    out = []
    for hi in rows:
        for lo in range(0xA1, 0xFF):
            try:
                out.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


def main():
    chars = set(chr(c) for c in range(0x20, 0x7F))
    chars.update(gb2312(range(0xA1, 0xAA)))  # symbols, punctuation, kana, Greek, Cyrillic
    chars.update(gb2312(range(0xB0, 0xD8)))  # level-1 hanzi
    for pattern in ("engine/**/*.rs", "scenarios/**/*.ron"):
        for path in glob.glob(os.path.join(ROOT, pattern), recursive=True):
            with open(path, encoding="utf-8") as f:
                chars.update(c for c in f.read() if ord(c) > 127 and c not in "\n\r\t")
    text = os.path.join(ROOT, "target", "font-chars.txt")
    os.makedirs(os.path.dirname(text), exist_ok=True)
    with open(text, "w", encoding="utf-8") as f:
        f.write("".join(sorted(chars)))
    out = os.path.join(ROOT, "assets", "fonts", "NotoSansSC-Subset.otf")
    subprocess.run(
        [sys.executable, "-m", "fontTools.subset", SOURCE, f"--font-number={SC_INDEX}",
         f"--text-file={text}", f"--output-file={out}", "--layout-features=*",
         "--no-hinting"],
        check=True,
    )
    print(f"{out}: {len(chars)} characters, {os.path.getsize(out) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
