"""Time making every rendition of a 24-megapixel JPEG and print a Markdown report (docs/benchmarks.md).

The photo is synthetic and the same on every machine (a fixed seed): soft colour fields, flat shapes with hard
edges, thin lines and sensor grain, so that the encoders do the work a real photo asks of them.

    .venv/bin/python bench/renditions.py            # write_renditions, min and median of 3 runs
    .venv/bin/python bench/renditions.py --sweep    # and the encoder settings compared
"""

import argparse
import io
import math
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

# Settings compared by --sweep, on the renditions below: each format around the quality chosen.
SWEEP = [
    *(("jpeg", {"quality": q, "optimize": True, "progressive": True}) for q in (75, 80, 85, 90)),
    *(("webp", {"quality": q, "method": m}) for q in (75, 80, 85) for m in (4, 6)),
    *(("avif", {"quality": q, "speed": s}) for q in (50, 55, 60, 65) for s in (4, 6, 8)),
]
SWEEP_RENDITIONS = [("backdrop", 1920), ("poster", 960), ("card", 320)]
SLOW_SETTING_RUNS = 1  # AVIF at speed 4 takes seconds a picture; one run shows that well enough


def setup_django():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "filmsite.settings")
    django.setup()


def synthetic_jpeg(width=6000, height=4000, seed=1):
    """A photo-like JPEG (quality 90, as a camera writes), drawn at half size and enlarged, as a lens softens."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)

    def noise(w, h, mode="L"):
        return Image.frombytes(mode, (w, h), rng.randbytes(w * h * len(mode)))

    def colour():
        return tuple(rng.randrange(256) for _ in range(3))

    half = (width // 2, height // 2)
    image = noise(4, 3, "RGB").resize(half, Image.Resampling.BICUBIC)
    for field_size, weight in (((40, 27), 0.35), ((400, 267), 0.2), ((1500, 1000), 0.12)):
        image = Image.blend(image, noise(*field_size, "RGB").resize(half, Image.Resampling.BICUBIC), weight)
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y, r = rng.randrange(half[0]), rng.randrange(half[1]), rng.randrange(20, 400)
        rng.choice((draw.ellipse, draw.rectangle))((x - r, y - r // 2, x + r, y + r // 2), fill=colour())
    for _ in range(60):
        ends = [(rng.randrange(half[0]), rng.randrange(half[1])) for _ in range(2)]
        draw.line(ends, fill=colour(), width=rng.randrange(1, 4))
    image = image.filter(ImageFilter.GaussianBlur(1)).resize((width, height), Image.Resampling.BICUBIC)
    image = Image.blend(image, noise(width, height).convert("RGB"), 0.05)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def decoded(data):
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    image.load()
    return image


class EncodeTimer:
    """Wraps ``renditions.encode`` to add up its time per format, leaving the rest to crop and resize."""

    def __init__(self, renditions):
        self.renditions, self.encode = renditions, renditions.encode
        self.seconds = defaultdict(float)

    def __enter__(self):
        def timed(image, fmt):
            start = time.perf_counter()
            try:
                return self.encode(image, fmt)
            finally:
                self.seconds[fmt] += time.perf_counter() - start

        self.renditions.encode = timed
        return self

    def __exit__(self, *exc):
        self.renditions.encode = self.encode


def time_write_renditions(image, runs):
    """Seconds of each run, each run's encode seconds by format, and the bytes written by spec and format."""
    from django.core.files.storage import FileSystemStorage

    from catalog.models import renditions

    totals, splits, sizes = [], [], {}
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder, EncodeTimer(renditions) as timer:
            storage = FileSystemStorage(location=folder, base_url="/media/")
            start = time.perf_counter()
            written = renditions.write_renditions(storage, image, "bench", 0.5, 0.4)
            totals.append(time.perf_counter() - start)
            splits.append(dict(timer.seconds))
            sizes = bytes_by_spec(storage, image.size)
    return totals, splits, sizes, len(written)


def bytes_by_spec(storage, size):
    from catalog.models import renditions

    return {
        name: {
            fmt: sum(storage.size(renditions.rendition_path("bench", name, w, fmt)) for w, _ in planned)
            for fmt in renditions.OUTPUT_FORMATS
        }
        for name, planned in ((name, renditions.planned(*size, spec)) for name, spec in renditions.SPECS.items())
    }


def psnr(reference, encoded):
    """Peak signal-to-noise ratio in dB over the three channels: a rough guide to quality, no more."""
    from PIL import ImageChops, ImageStat

    stat = ImageStat.Stat(ImageChops.difference(reference, encoded.convert("RGB")))
    mse = sum(total / count for total, count in zip(stat.sum2, stat.count, strict=True)) / 3
    return 10 * math.log10(255**2 / mse) if mse else math.inf


def sweep(image):
    """Rows of (rendition, format, settings, best ms, KB, PSNR) for each setting of SWEEP."""
    from PIL import Image

    from catalog.models import renditions

    rows = []
    for name, width in SWEEP_RENDITIONS:
        spec = renditions.SPECS[name]
        size = next(s for s in renditions.planned(*image.size, spec) if s[0] == width)
        box = renditions.crop_box(*image.size, spec.aspect, 0.5, 0.4)
        reference = image.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=renditions.REDUCING_GAP)
        for fmt, options in SWEEP:
            runs = SLOW_SETTING_RUNS if options.get("speed", 6) < 6 else 3
            seconds = []
            for _ in range(runs):
                buffer = io.BytesIO()
                start = time.perf_counter()
                reference.save(buffer, renditions.PILLOW_FORMATS[fmt], **options)
                seconds.append(time.perf_counter() - start)
            data = buffer.getvalue()
            encoded = Image.open(io.BytesIO(data))
            rows.append(
                (f"{name} {size[0]}×{size[1]}", fmt, options, min(seconds), len(data), psnr(reference, encoded))
            )
    return rows


def machine():
    from PIL import __version__, features

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    load = os.getloadavg()[0]
    libraries = ", ".join(f"{name} {features.version(name)}" for name in ("libjpeg_turbo", "webp", "avif"))
    return f"{cpu}, {os.cpu_count()} cores, load average {load:.2f} at the start; Pillow {__version__} ({libraries})"


def report(args):
    from catalog.models import renditions

    lines = [f"- Machine: {machine()}"]
    start = time.perf_counter()
    data = synthetic_jpeg(seed=args.seed)
    lines.append(
        f"- Photo: synthetic 6000×4000 JPEG, {len(data) / 1e6:.1f} MB (seed {args.seed}, made in "
        f"{time.perf_counter() - start:.1f} s)"
    )
    decodes = []
    for _ in range(args.runs):
        start = time.perf_counter()
        image = decoded(data)
        decodes.append(time.perf_counter() - start)
    lines.append(f"- Decoding it: {min(decodes) * 1000:.0f} ms (min of {args.runs}); not part of the times below")
    settings = "; ".join(f"{fmt} {options}" for fmt, options in renditions.ENCODER_OPTIONS.items())
    lines.append(f"- Settings: {settings}; reducing gap {renditions.REDUCING_GAP}")

    totals, splits, sizes, count = time_write_renditions(image, args.runs)
    lines += ["", f"`write_renditions`, all specs: {count} files, {args.runs} runs.", ""]
    lines += ["| Step | Min s | Median s |", "| --- | ---: | ---: |"]
    for fmt in renditions.OUTPUT_FORMATS:
        values = [split.get(fmt, 0) for split in splits]
        lines.append(f"| Encode {fmt} | {min(values):.2f} | {statistics.median(values):.2f} |")
    rest = [total - sum(split.values()) for total, split in zip(totals, splits, strict=True)]
    lines.append(f"| Crop, resize, store | {min(rest):.2f} | {statistics.median(rest):.2f} |")
    lines.append(f"| **Total** | **{min(totals):.2f}** | **{statistics.median(totals):.2f}** |")

    lines += ["", "Bytes written, by spec and format (KB, all widths of the spec together):", ""]
    lines += ["| Spec | Widths | " + " | ".join(renditions.OUTPUT_FORMATS) + " |"]
    lines += ["| --- | --- | " + " | ".join("---:" for _ in renditions.OUTPUT_FORMATS) + " |"]
    for name, by_format in sizes.items():
        widths = ", ".join(str(w) for w, _ in renditions.planned(*image.size, renditions.SPECS[name]))
        cells = " | ".join(f"{by_format[fmt] / 1024:.0f}" for fmt in renditions.OUTPUT_FORMATS)
        lines.append(f"| {name} | {widths} | {cells} |")
    cells = " | ".join(f"**{sum(s[fmt] for s in sizes.values()) / 1024:.0f}**" for fmt in renditions.OUTPUT_FORMATS)
    lines.append(f"| **All** | | {cells} |")

    if args.sweep:
        lines += ["", "Encoder settings compared (one rendition each; ms is the best of 3, 1 below speed 6):", ""]
        lines += ["| Rendition | Format | Settings | ms | KB | PSNR dB |", "| --- | --- | --- | ---: | ---: | ---: |"]
        for name, fmt, options, seconds, size, quality in sweep(image):
            shown = ", ".join(
                f"{key} {value}" for key, value in options.items() if key in ("quality", "speed", "method")
            )
            lines.append(f"| {name} | {fmt} | {shown} | {seconds * 1000:.0f} | {size / 1024:.1f} | {quality:.2f} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Timed runs of write_renditions (default 3).")
    parser.add_argument("--seed", type=int, default=1, help="Seed of the synthetic photo (default 1).")
    parser.add_argument("--sweep", action="store_true", help="Also compare encoder settings on a few renditions.")
    args = parser.parse_args()
    setup_django()
    print(report(args))


if __name__ == "__main__":
    main()
