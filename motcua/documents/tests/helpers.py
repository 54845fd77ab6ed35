"""Small files made on the fly: page images and PDFs with a given number of pages."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw


def page_png(text: str = "1", size: tuple[int, int] = (120, 170)) -> bytes:
    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).text((10, 10), text, fill="black")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def page_jpeg(text: str = "1") -> bytes:
    image = Image.new("RGB", (120, 170), "white")
    ImageDraw.Draw(image).text((10, 10), text, fill="black")
    out = io.BytesIO()
    image.save(out, "JPEG")
    return out.getvalue()


def pdf_pages(n: int, label: str = "doc") -> bytes:
    images = [Image.open(io.BytesIO(page_png(f"{label} {i + 1}"))).convert("RGB") for i in range(n)]
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:])
    return out.getvalue()
