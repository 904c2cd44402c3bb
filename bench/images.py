"""How fast and how lean dala processes a large photo, and how fast it serves IIIF tiles (a benchmark, not a test).

    .venv/bin/python bench/images.py [--runs 3] [--seconds 5] [--orientation 6]

First a 24-megapixel JPEG is made by code: 6000×4000, photo-like (gradients, grain, shapes), quality 92,
with an EXIF orientation and a GPS position. Then, each run of each case in a fresh process (so that peak
RSS, ``ru_maxrss`` of that process, is the case's own):

- dala: what the worker does to an upload, minus the database — ``pipeline.decode_plain`` (else ``prepare``),
  every rendition in WebP and JPEG, palette, hash, renditions written to files, and beside them in a second
  thread the IIIF pyramid (``pyramid.write_pyramid``) from the same decode (the same calls, in the same
  order, as ``imaging.services.process_image``);
- floor: one 640-px thumbnail by libvips' shrink-on-load (``pyvips.Image.thumbnail``; pyvips-binary ships
  no ``vipsthumbnail`` command, so it runs in Python);
- peer: plain Pillow, ``Image.open`` → ``exif_transpose`` → ``resize(LANCZOS)`` → ``save`` for each
  rendition width in JPEG and WebP at dala's quality settings (so the same ten pictures) and otherwise
  Pillow's defaults (WebP effort 4, where dala uses 2), no ``draft()``, no palette, hash or pyramid.

Times are the median of ``--runs`` runs; peak RSS the largest. Last, in one process with a temporary
SQLite database: the image is uploaded through ``catalog.services.add_artwork_image`` (the task runs at
once, so this times the real task, database included), then 256-px tiles at full resolution at random
positions are requested through django.test.Client for ``--seconds`` seconds: tiles per second.
Results go to bench/results/images.md and .json and are printed.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
WIDTH, HEIGHT = 6000, 4000
TILE = 256
GOAL_RATIO = 3.0
GOAL_PEAK_MB = 250.0
GOAL_TILES_PER_S = 300.0


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


# --------------------------------------------------------------------------------------------------
# The picture


def make_photo(path: Path, orientation: int) -> None:
    """A photo-like 6000×4000 JPEG (quality 92) with an EXIF orientation and a GPS position."""
    from PIL import ExifTags, Image, ImageChops, ImageDraw, ImageFilter

    size = (WIDTH, HEIGHT)
    sky = Image.linear_gradient("L").resize(size, Image.Resampling.BILINEAR)
    glow = Image.radial_gradient("L").resize(size, Image.Resampling.BILINEAR)
    across = Image.linear_gradient("L").rotate(90).resize(size, Image.Resampling.BILINEAR)
    picture = Image.merge("RGB", (ImageChops.invert(glow), sky, across))

    rng = random.Random(24)
    shapes = Image.new("RGB", size)
    mask = Image.new("L", size)
    draw, draw_mask = ImageDraw.Draw(shapes), ImageDraw.Draw(mask)
    for _ in range(60):
        x, y = rng.randrange(WIDTH), rng.randrange(HEIGHT)
        w, h = rng.randrange(80, 1400), rng.randrange(80, 1000)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        box = (x - w // 2, y - h // 2, x + w // 2, y + h // 2)
        kind = rng.randrange(3)
        for target, fill in ((draw, colour), (draw_mask, rng.randrange(120, 256))):
            if kind == 0:
                target.ellipse(box, fill=fill)
            elif kind == 1:
                target.rectangle(box, fill=fill)
            else:
                target.polygon([(x, y - h), (x + w, y + h // 2), (x - w, y + h // 3)], fill=fill)
    mask = mask.filter(ImageFilter.GaussianBlur(6))  # soft edges, as a lens would draw them
    picture.paste(shapes, mask=mask)

    grain = Image.effect_noise(size, 18)  # centred on 128
    picture = ImageChops.add(picture, Image.merge("RGB", (grain, grain, grain)), scale=1.0, offset=-128)

    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "BenchCamera"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (43.0, 14.0, 18.0)  # Almaty
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (76.0, 53.0, 42.0)
    picture.save(path, "JPEG", quality=92, exif=exif)


# --------------------------------------------------------------------------------------------------
# The cases, each run in its own process


def _dala_pyramid(source: Any, target: Path) -> None:
    from dala.imaging import pipeline, pyramid

    pyramid.write_pyramid(source, target)
    del source
    pipeline.forget_decoded()  # as process_image


def case_dala(source: Path, out: Path) -> dict[str, Any]:
    from concurrent.futures import ThreadPoolExecutor

    from dala.imaging import pipeline

    data = source.read_bytes()
    full = pipeline.decode_plain(data)  # as process_image: one decode for the renditions and the pyramid
    prepared = pipeline.prepare(data) if full is None else None
    del data
    with ThreadPoolExecutor(max_workers=1) as side:  # as process_image: the pyramid beside the renditions
        building = side.submit(_dala_pyramid, str(source) if full is None else full, out / "pyramid.tif")
        if full is not None:
            pictures = pipeline.scale_plain(full)
            del full
            encoded, prepared = pipeline.encode_plain(pictures, before_widest=building.result)
            del pictures
        else:
            encoded = pipeline.encode_renditions(prepared)
        colours = pipeline.palette(prepared)
        phash = pipeline.difference_hash(prepared)
        del prepared
        for rendition in encoded:
            (out / f"{rendition.width}.{rendition.extension}").write_bytes(rendition.data)
        building.result()
    return {"renditions": len(encoded), "palette": len(colours), "phash": phash,
            "bytes": sum(len(r.data) for r in encoded)}


def case_floor(source: Path, out: Path) -> dict[str, Any]:
    import pyvips

    thumbnail = pyvips.Image.thumbnail(str(source), 640)
    thumbnail.write_to_file(str(out / "640.jpg"))
    return {"renditions": 1}


def case_peer(source: Path, out: Path) -> dict[str, Any]:
    from PIL import Image, ImageOps

    from dala.imaging.pipeline import RENDITION_WIDTHS  # the widths only; none of dala's code

    made = 0
    with Image.open(source) as opened:
        original = ImageOps.exif_transpose(opened)  # the same pictures as dala's, the right way up
        for width in RENDITION_WIDTHS:
            height = round(original.height * width / original.width)
            resized = original.resize((width, height), Image.Resampling.LANCZOS)
            resized.save(out / f"{width}.webp", "WEBP", quality=80, method=4)
            resized.save(out / f"{width}.jpg", "JPEG", quality=82, optimize=True, progressive=True)
            made += 2
    return {"renditions": made}


CASES = {"dala": case_dala, "floor": case_floor, "peer": case_peer}


def run_case(name: str, source: Path) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    out = Path(tempfile.mkdtemp(prefix=f"dala-bench-{name}-"))
    try:
        started = time.perf_counter()
        facts = CASES[name](source, out)
        seconds = time.perf_counter() - started
    finally:
        shutil.rmtree(out, ignore_errors=True)
    print(json.dumps({"seconds": seconds, "peak_rss_mb": peak_rss_mb(), **facts}))
    return 0


# --------------------------------------------------------------------------------------------------
# IIIF tiles through Django, in one process


def run_tiles(source: Path, seconds: float, var_dir: str) -> int:
    os.environ["DALA_SQLITE_PATH"] = str(Path(var_dir) / "bench.sqlite3")
    os.environ["DALA_VAR_DIR"] = var_dir
    os.environ["DALA_DEBUG"] = "false"
    os.environ.pop("DATABASE_URL", None)
    os.environ["DALA_TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dala.settings")
    sys.path.insert(0, str(ROOT))  # for tests.factories: the quickest way to a public artwork

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from dala.catalog.models import Artwork
    from dala.catalog.services import add_artwork_image
    from dala.imaging import pyramid
    from tests.factories import ArtworkFactory

    call_command("migrate", verbosity=0, interactive=False)
    artwork = cast(Artwork, ArtworkFactory())
    started = time.perf_counter()
    with source.open("rb") as upload:
        image = add_artwork_image(artwork=artwork, upload=io.BytesIO(upload.read()))
    task_seconds = time.perf_counter() - started  # the immediate backend ran the task inside
    image.refresh_from_db()
    if image.processing_state != "ready":
        print(json.dumps({"error": f"image is {image.processing_state}: {image.processing_error}"}))
        return 1
    built = pyramid.pyramid_path(image)
    levels = pyramid.read_pyramid(built).levels
    width, height = levels[0].width, levels[0].height

    client = Client()
    rng = random.Random(256)
    columns, rows = width // TILE, height // TILE  # whole tiles only: every answer is 256×256

    def one() -> int:
        x, y = rng.randrange(columns) * TILE, rng.randrange(rows) * TILE
        response = client.get(f"/iiif/image/{image.pk}/{x},{y},{TILE},{TILE}/{TILE},/0/default.jpg")
        assert response.status_code == 200, response.content[:200]
        return len(response.content)

    for _ in range(20):  # warm-up: the first request opens the pyramid
        one()
    count, total_bytes, times = 0, 0, []
    started = time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        before = time.perf_counter()
        total_bytes += one()
        times.append(time.perf_counter() - before)
        count += 1
    print(json.dumps({
        "task_seconds": task_seconds, "tiles": count, "seconds": elapsed, "tiles_per_s": count / elapsed,
        "median_ms": statistics.median(times) * 1000, "mean_tile_kib": total_bytes / count / 1024,
        "levels": len(levels), "width": width, "height": height, "peak_rss_mb": peak_rss_mb(),
    }))
    return 0


# --------------------------------------------------------------------------------------------------
# The parent: make the picture, run everything, write the results


def child(argv: list[str]) -> dict[str, Any]:
    completed = subprocess.run([sys.executable, __file__, *argv], capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise SystemExit(f"images: {' '.join(argv)} failed:\n{completed.stderr}")
    return dict(json.loads(completed.stdout.strip().splitlines()[-1]))


def markdown(result: dict[str, Any]) -> str:
    cases, tiles, goals = result["cases"], result["tiles"], result["goals"]
    names = {"dala": "dala: renditions, palette, hash, pyramid",
             "floor": "floor: libvips thumbnail, one 640 px",
             "peer": "peer: Pillow open → exif_transpose → resize → save, 10 files"}
    lines = [
        "# Image processing and IIIF tiles, one 24-megapixel photo",
        "",
        f"{result['date']} · Python {result['python']} · Pillow {result['pillow']} · libvips {result['libvips']} · "
        f"{result['cpu_count']} CPUs",
        f"Picture: {result['picture']['width']}×{result['picture']['height']} JPEG q92, "
        f"{result['picture']['mib']:.1f} MiB, EXIF orientation {result['picture']['orientation']} and GPS.",
        f"Each case: {result['runs']} runs, each in a fresh process; median time, largest peak RSS.",
        "",
        "| case | median s | runs s | peak RSS MB |",
        "| --- | ---: | --- | ---: |",
    ]
    for key, case in cases.items():
        runs = ", ".join(f"{s:.2f}" for s in case["runs_s"])
        lines.append(f"| {names[key]} | {case['median_s']:.2f} | {runs} | {case['peak_rss_mb']:.0f} |")
    lines += [
        "",
        f"- peer time ÷ dala time: **{goals['peer_over_dala']:.2f}×** (goal ≥ {GOAL_RATIO:g}×: "
        f"{'met' if goals['ratio_met'] else 'NOT met'})",
        f"- dala time ÷ floor time: {goals['dala_over_floor']:.2f}×",
        f"- dala peak RSS: **{cases['dala']['peak_rss_mb']:.0f} MB** (goal < {GOAL_PEAK_MB:g} MB: "
        f"{'met' if goals['peak_met'] else 'NOT met'})",
        f"- the upload through the real task (database, storage, pyramid): {tiles['task_seconds']:.2f} s",
        f"- IIIF tiles, 256 px at full resolution, random positions, django.test.Client, one process: "
        f"**{tiles['tiles_per_s']:.0f} tiles/s** over {tiles['seconds']:.1f} s (median {tiles['median_ms']:.2f} ms, "
        f"{tiles['mean_tile_kib']:.1f} KiB a tile, {tiles['levels']} pyramid levels; goal > {GOAL_TILES_PER_S:g}: "
        f"{'met' if goals['tiles_met'] else 'NOT met'}); peak RSS of that process {tiles['peak_rss_mb']:.0f} MB",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5.0, help="how long to request tiles")
    parser.add_argument("--orientation", type=int, default=6, choices=range(1, 9),
                        help="the EXIF orientation of the picture (6: a phone held upright)")
    parser.add_argument("--case", choices=sorted(CASES), help=argparse.SUPPRESS)
    parser.add_argument("--tiles", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--make", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--source", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.make:
        make_photo(args.make, args.orientation)
        return 0
    if args.case:
        return run_case(args.case, args.source)
    if args.tiles:
        var_dir = tempfile.mkdtemp(prefix="dala-bench-var-")
        try:
            return run_tiles(args.source, args.seconds, var_dir)
        finally:
            shutil.rmtree(var_dir, ignore_errors=True)

    import pyvips
    from PIL import __version__ as pillow_version

    work = Path(tempfile.mkdtemp(prefix="dala-bench-images-"))
    try:
        source = work / "photo.jpg"
        started = time.perf_counter()
        # In a child too: a process's peak RSS is inherited by the processes it starts afterwards.
        subprocess.run([sys.executable, __file__, "--make", str(source), "--orientation", str(args.orientation)],
                       check=True)
        print(f"images: made {source} ({source.stat().st_size / 2**20:.1f} MiB) in "
              f"{time.perf_counter() - started:.1f} s", flush=True)
        cases: dict[str, Any] = {}
        for name in ("dala", "floor", "peer"):
            runs = []
            for run in range(args.runs):
                runs.append(child(["--case", name, "--source", str(source)]))
                print(f"images: {name} run {run + 1}: {runs[-1]['seconds']:.2f} s, "
                      f"{runs[-1]['peak_rss_mb']:.0f} MB", flush=True)
            cases[name] = {"runs_s": [r["seconds"] for r in runs],
                           "median_s": statistics.median(r["seconds"] for r in runs),
                           "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
                           "facts": {k: v for k, v in runs[0].items() if k not in ("seconds", "peak_rss_mb")}}
        print("images: IIIF tiles", flush=True)
        tiles = child(["--tiles", "--source", str(source), "--seconds", str(args.seconds)])
        picture = {"width": WIDTH, "height": HEIGHT, "orientation": args.orientation,
                   "mib": source.stat().st_size / 2**20}
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ratio = cases["peer"]["median_s"] / cases["dala"]["median_s"]
    result = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "python": platform.python_version(),
        "pillow": pillow_version, "libvips": ".".join(str(pyvips.version(i)) for i in range(3)),
        "cpu_count": os.cpu_count(), "runs": args.runs, "picture": picture, "cases": cases, "tiles": tiles,
        "goals": {"peer_over_dala": ratio, "ratio_met": ratio >= GOAL_RATIO,
                  "dala_over_floor": cases["dala"]["median_s"] / cases["floor"]["median_s"],
                  "peak_met": cases["dala"]["peak_rss_mb"] < GOAL_PEAK_MB,
                  "tiles_met": tiles["tiles_per_s"] > GOAL_TILES_PER_S},
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "images.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    table = markdown(result)
    (RESULTS / "images.md").write_text(table)
    print(table, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
