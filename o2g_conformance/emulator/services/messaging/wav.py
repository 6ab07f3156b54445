"""The sound of a voice message: a small valid RIFF/WAVE file (PCM, mono, 8 kHz, 16 bits) holding a tone."""

from __future__ import annotations

import io
import math
import struct
import wave

RATE = 8000
TONE_HZ = 440.0
#: The file holds the message's duration, between these bounds, to keep downloads small.
MIN_SECONDS, MAX_SECONDS = 1, 5


def tone(seconds: int) -> bytes:
    """A WAV file of a 440 Hz tone lasting `seconds` (clamped to 1..5 s), fading in and out."""
    seconds = max(MIN_SECONDS, min(MAX_SECONDS, seconds))
    frames = RATE * seconds
    fade = RATE // 20
    samples = []
    for i in range(frames):
        envelope = min(1.0, i / fade, (frames - 1 - i) / fade)
        samples.append(int(12000 * envelope * math.sin(2 * math.pi * TONE_HZ * i / RATE)))
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(struct.pack(f"<{frames}h", *samples))
    return out.getvalue()
