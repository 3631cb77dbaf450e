#!/usr/bin/env python3
"""Remakes the speech the transcription stage warms each new Vosk recogniser with
(src/main/resources/io/wakestream/pipeline/transcribe/warm-up-speech.wav, 16 kHz mono 16-bit) with flite.

Not part of the build: the WAV is committed so the job needs no TTS. Everyday commands in four of flite's voices,
none of them the demo samples' sentences (the bench plants those, and warming on them would flatter it).
Usage: python3 jobs/pipeline/make-warm-up-speech.py
"""
import os
import subprocess
import tempfile
import wave

SENTENCES = [
    ("slt", "Set a timer for ten minutes."),
    ("rms", "Play some music in the living room."),
    ("awb", "What time is it?"),
    ("kal16", "Call my sister and tell her I will be late."),
]
RATE = 16000
PAUSE = b"\0\0" * int(0.3 * RATE)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                   "src/main/resources/io/wakestream/pipeline/transcribe/warm-up-speech.wav")

frames = b""
with tempfile.TemporaryDirectory() as tmp:
    for voice, text in SENTENCES:
        path = os.path.join(tmp, voice + ".wav")
        subprocess.run(["flite", "-voice", voice, "-t", text, "-o", path], check=True)
        with wave.open(path) as w:
            if (w.getframerate(), w.getnchannels(), w.getsampwidth()) != (RATE, 1, 2):
                raise SystemExit(f"{voice}: expected 16 kHz mono 16-bit, got {w.getparams()}")
            frames += w.readframes(w.getnframes()) + PAUSE
with wave.open(OUT, "wb") as w:
    w.setnchannels(1)
    w.setsampwidth(2)
    w.setframerate(RATE)
    w.writeframes(frames)
print(f"{OUT}: {len(frames) / 2 / RATE:.1f} s")
