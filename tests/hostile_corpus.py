"""A hostile corpus for ingest, generated on the fly (no bomb is ever committed).

`make_hostile_corpus(root, outside)` fills `root` with about 200 broken, hostile and odd
entries plus two good files, and returns what may happen to each: `{catalog key:
allowed outcomes}`, where an outcome is a status ("added", "duplicate") or a skip reason.
Files that exist to be linked to from inside `root` are written under `outside`.
"""

from __future__ import annotations

import base64
import os
import random
import shutil
import socket
import stat
import string
import struct
import zipfile
import zlib
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from test_pipeline import PROTOKOLL as GOOD_TEXT

from ingest.names import path_key

DATA = Path(__file__).resolve().parent / "data"
ADDED = {"added", "duplicate"}
MB = 1024 * 1024


def make_hostile_corpus(root: Path, outside: Path) -> dict[str, set[str]]:
    """Write the corpus; return `{catalog key: allowed outcomes}` for every entry."""
    rng = random.Random(9)
    root.mkdir(parents=True)
    outside.mkdir(parents=True)
    expect: dict[str, set[str]] = {}

    def put(name: str | bytes, data: bytes, allowed: set[str] | str) -> Path:
        path = _path(root, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        expect[path_key(path)] = {allowed} if isinstance(allowed, str) else allowed
        return path

    # The two good files.
    put("kun.txt", GOOD_TEXT.encode(), ADDED)  # "inne.txt" links to it, so one is a duplicate
    shutil.copy(DATA / "yttrande.docx", root / "yttrande.docx")
    expect[path_key(root / "yttrande.docx")] = {"added"}

    # Names that are not UTF-8 (ingested, stored with escapes); encodings and structure.
    for i in range(10):
        text = GOOD_TEXT.replace("§ 79", f"§ {100 + i}").replace("2023-05-16", f"2023-06-{i + 10}")
        put(b"namn_\xff\xfe_%d.txt" % i, text.encode(), "added")
    stray = GOOD_TEXT.encode().replace(
        "Kulturnämnden godkänner".encode(), b"Kulturn\xe4mnden godk\xe4nner"
    )
    put("enstaka-fel-byte.txt", stray, "added")
    put("cp1252.txt", GOOD_TEXT.replace("§ 79", "§ 80").encode("cp1252"), "added")
    put("entitet.docx", _docx_with_entity(), "added")
    for depth in (5_000, 20_000):
        html = "<html><body>" + "<div>" * depth + GOOD_TEXT.replace("§ 79", f"§ {depth}")
        put(f"djup-{depth}.html", (html + "</div>" * depth + "</body></html>").encode(), "added")

    # Empty, whitespace, unsupported, oversized.
    for suffix in ("txt", "pdf", "docx", "html", "md"):
        put(f"tom.{suffix}", b"", "empty")
    for i, blank in enumerate((b"   \n\n  ", b"\t\t\n", b"\n" * 1000)):
        put(f"blank-{i}.txt", blank, "empty")
    for suffix in ("xyz", "exe", "png", "zip", "doc"):
        put(f"okand.{suffix}", b"hej", "unsupported")
    big = root / "stor.pdf"
    with big.open("wb") as fh:
        fh.truncate(51 * MB)  # sparse: no disk used
    expect[path_key(big)] = {"oversized"}

    # Junk: random bytes, encodings of random bytes, renamed images, garbage PDFs and DOCX.
    for i in range(30):
        data = rng.randbytes(100_000)
        put(
            f"skrap-{i}.txt",
            data.replace(b"\x00", b"\x01") if i % 2 else data,
            {"not_text", "corrupt"},
        )
    for i in range(10):
        body = rng.randbytes(50_000).replace(b"\x00", b"\x01")
        put(
            f"skrap-{i}.html",
            b"<html><body>" + body + b"</body></html>",
            {"not_text", "corrupt", "empty"},
        )
    junk_text = {
        "base64": base64.b64encode(rng.randbytes(75_000)),
        "hex": rng.randbytes(50_000).hex().encode(),
        "printable": "".join(rng.choice(string.printable) for _ in range(100_000)).encode(),
        "bokstaver": "".join(
            rng.choice(string.ascii_lowercase + " ") for _ in range(100_000)
        ).encode(),
    }
    for name, data in junk_text.items():
        put(f"{name}.txt", data, "not_text")
        put(f"{name}.md", data[: len(data) // 2], "not_text")
    for i in range(20):
        put(f"skrap-{i}.pdf", b"%PDF-1.7\n" + rng.randbytes(20_000), {"corrupt", "no_text_layer"})
    for i in range(10):
        put(f"skrap-{i}.docx", rng.randbytes(20_000), "corrupt")
    for i in range(3):
        put(f"zip-utan-word-{i}.docx", _zip({"data.bin": rng.randbytes(1000)}), "corrupt")
    png = _png(rng)
    for suffix in ("pdf", "docx", "txt", "html", "md"):
        put(f"bild-png.{suffix}", png, {"corrupt", "not_text", "empty"})
        put(
            f"bild-jpg.{suffix}",
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + rng.randbytes(30_000),
            {"corrupt", "not_text", "empty"},
        )

    # PDFs: truncated, encrypted, too many pages.
    pdf = (DATA / "protokoll.pdf").read_bytes()
    for i, share in enumerate((0.1, 0.3, 0.5, 0.7, 0.9)):
        put(
            f"avkortad-{i}.pdf",
            pdf[: int(len(pdf) * share)],
            {"corrupt", "added", "empty", "no_text_layer"},
        )
    for i in range(3):
        writer = PdfWriter(clone_from=PdfReader(DATA / "protokoll.pdf"))
        writer.add_metadata({"/Title": f"Hemlig {i}"})
        writer.encrypt(user_password=f"losen{i}", owner_password="agare", algorithm="RC4-128")
        path = _path(root, f"krypterad-{i}.pdf")
        with path.open("wb") as fh:
            writer.write(fh)
        expect[path_key(path)] = {"encrypted"}
    many = PdfWriter()
    for _ in range(3001):
        many.add_blank_page(width=200, height=200)
    path = root / "manga-sidor.pdf"
    with path.open("wb") as fh:
        many.write(fh)
    expect[path_key(path)] = {"over_pages"}
    put("manga-sidor.txt", ("Sida med text om nämnden.\f" * 3001).encode(), "over_pages")

    # Bombs: DOCX that unpack to far more than they weigh; 20 MB of text on one line.
    put(
        "bomb-nollor.docx",
        _zip_stream("word/document.xml", b"\x00" * MB, 100),
        "over_unpacked_size",
    )
    put(
        "bomb-stycken.docx",
        _zip_stream("word/document.xml", b"<w:p/>" * (MB // 6), 100),
        "over_unpacked_size",
    )
    put("bomb-1gib.docx", _zip_stream("word/media/a.bin", b"\x00" * MB, 1024), "over_unpacked_size")
    line = " ".join(
        rng.choice(["nämnden", "beslutar", "att", "godkänna", "yttrandet"])
        for _ in range(2_500_000)
    )
    put("en-rad.txt", (line + ".").encode(), "over_chars")
    put("utan-punkt.txt", line.encode(), "over_chars")

    # Walk: hidden entries, links, special files, folders named like files, deep folders.
    for i in range(8):
        put(f".dold-{i}.txt", GOOD_TEXT.encode(), "hidden")
    for name in (".git", ".cache"):
        (root / name).mkdir()
        (root / name / "config.txt").write_text(GOOD_TEXT)
        expect[path_key(root / name)] = {"hidden"}
    (outside / "hemlig.txt").write_text("HEMLIGT innehåll utanför korpusen. " * 20)
    (outside / "mapp").mkdir()
    for i in range(5):
        _link(root / f"ut-{i}.txt", outside / "hemlig.txt", expect, "link_outside")
    _link(root / "ut-mapp", outside / "mapp", expect, "link_outside")
    _link(root / "ut-dev.txt", Path("/dev/null"), expect, "link_outside")
    for i in range(5):
        _link(root / f"dinglar-{i}.txt", root / f"finns-inte-{i}.txt", expect, "link_dangling")
    for i in range(3):
        _link(root / f"slinga-{i}.txt", root / f"slinga-{i}.txt", expect, "link_loop")
        _link(root / f"par-a-{i}.txt", root / f"par-b-{i}.txt", expect, "link_loop")
        _link(root / f"par-b-{i}.txt", root / f"par-a-{i}.txt", expect, "link_loop")
    (root / "undermapp").mkdir()
    put("undermapp/kopia.txt", GOOD_TEXT.replace("§ 79", "§ 81").encode(), "added")
    for i in range(3):
        _link(root / f"mapplank-{i}", root / "undermapp", expect, "link_folder")
    _link(root / "inne.txt", root / "kun.txt", expect, "added")
    expect[path_key(root / "inne.txt")] = ADDED
    for i in range(5):
        os.mkfifo(root / f"fifo-{i}.txt")
        expect[path_key(root / f"fifo-{i}.txt")] = {"special_file"}
    _special(root / "uttag.sock", socket.AF_UNIX, expect)
    _special(root / "enhet.txt", None, expect)
    for i in range(3):
        folder = root / f"mapp-{i}.pdf"
        folder.mkdir()
        expect[path_key(folder)] = {"not_a_file"}
        put(f"mapp-{i}.pdf/inuti.txt", b"", "empty")
    deep = Path(*[f"n{i}" for i in range(150)])
    put(
        str(deep / "djupt.txt"),
        rng.randbytes(5000).replace(b"\x00", b"\x01"),
        {"not_text", "corrupt"},
    )
    for i in range(2):
        locked = put(
            f"last-{i}.txt", GOOD_TEXT.replace("§ 79", f"§ {90 + i}").encode(), "unreadable"
        )
        locked.chmod(0)
        if os.geteuid() == 0:  # root reads anything: the file is simply ingested
            expect[path_key(locked)] = {"added"}
    return expect


def _path(root: Path, name: str | bytes) -> Path:
    return root / (os.fsdecode(name) if isinstance(name, bytes) else name)


def _link(link: Path, target: Path, expect: dict[str, set[str]], outcome: str) -> None:
    link.symlink_to(target)
    expect[path_key(link)] = {outcome}


def _special(path: Path, family: int | None, expect: dict[str, set[str]]) -> None:
    """Make a socket (`family`) or a character device (None) when this machine allows it."""
    try:
        if family is None:
            os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))
        else:
            sock = socket.socket(family)
            sock.bind(str(path))
            sock.close()
    except (OSError, PermissionError):
        return  # no device nodes without privileges, or a socket path over 107 bytes
    expect[path_key(path)] = {"special_file"}


def _zip(members: dict[str, bytes]) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _zip_stream(name: str, block: bytes, repeats: int) -> bytes:
    """Return a DOCX-shaped zip whose member `name` is `block` repeated (written in pieces)."""
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(name, "w", force_zip64=True) as member:
            for _ in range(repeats):
                member.write(block)
    return buffer.getvalue()


def _docx_with_entity() -> bytes:
    """Return yttrande.docx with an entity declared in a DOCTYPE and used mid-sentence."""
    out = {}
    with zipfile.ZipFile(DATA / "yttrande.docx") as archive:
        for info in archive.infolist():
            out[info.filename] = archive.read(info.filename)
    xml = out["word/document.xml"].decode()
    head = xml.index("?>") + 2
    xml = xml[:head] + '<!DOCTYPE w:document [<!ENTITY organ "Kulturnämnden">]>' + xml[head:]
    first = xml.index(">", xml.index("<w:t", xml.index("<w:body"))) + 1
    xml = xml[:first] + "Före &organ; kommer TEXTEN EFTER ENTITETEN. " + xml[first:]
    out["word/document.xml"] = xml.encode()
    return _zip(out)


def _png(rng: random.Random, size: int = 64) -> bytes:
    """Return a small valid PNG of noise."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + rng.randbytes(size * 3) for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
