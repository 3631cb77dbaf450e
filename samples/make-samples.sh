#!/usr/bin/env bash
# Remakes the demo samples (16 kHz mono 16-bit WAV) with espeak-ng, flite and sox. Not part of the build: the WAVs
# are committed so the demo needs none of these tools. "Jarvis" is spoken by espeak-ng voices (the default model
# detects those), the commands and the other speech by flite's more natural voices (Vosk transcribes those better).
# Usage: samples/make-samples.sh
set -euo pipefail
cd "$(dirname "$0")"
VK="en-us"; VH="en-gb"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

say() {  # say VOICE TEXT OUT: 16 kHz mono speech, espeak-ng
  espeak-ng -v "$1" -s 140 -w "$tmp/raw.wav" "$2"
  sox "$tmp/raw.wav" -r 16000 -c 1 -b 16 "$3"
}
flite_say() {  # flite_say VOICE TEXT OUT: 16 kHz mono speech, flite
  flite -voice "$1" -t "$2" -o "$tmp/raw.wav"
  sox "$tmp/raw.wav" -r 16000 -c 1 -b 16 "$3"
}
room() {  # room SECONDS OUT: quiet pink noise, as a room sounds to a microphone
  sox -n -r 16000 -c 1 -b 16 "$2" synth "$1" pinknoise vol 0.003
}
device() {  # device OUT PART...: concatenate the parts over a continuous noise floor
  local out="$1"; shift
  sox "$@" "$tmp/speech.wav"
  local len; len="$(soxi -D "$tmp/speech.wav")"
  room "$len" "$tmp/floor.wav"
  sox -m "$tmp/speech.wav" "$tmp/floor.wav" -b 16 "$out"
}

room 1.2 "$tmp/lead.wav"; room 0.5 "$tmp/pause.wav"; room 2.5 "$tmp/tail.wav"
say "$VK" "Jarvis" "$tmp/k1.wav";  flite_say slt "Turn on the kitchen lights." "$tmp/k2.wav"
say "$VH" "Jarvis" "$tmp/h1.wav";  flite_say awb "What is the weather like tomorrow?" "$tmp/h2.wav"
flite_say rms "I think we should leave for the station at half past six." "$tmp/o1.wav"
device kitchen.wav "$tmp/lead.wav" "$tmp/k1.wav" "$tmp/pause.wav" "$tmp/k2.wav" "$tmp/tail.wav"
device hallway.wav "$tmp/lead.wav" "$tmp/lead.wav" "$tmp/h1.wav" "$tmp/pause.wav" "$tmp/h2.wav" "$tmp/tail.wav"
device office.wav "$tmp/lead.wav" "$tmp/o1.wav" "$tmp/tail.wav"
ls -l ./*.wav
