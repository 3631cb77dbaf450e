#!/usr/bin/env bash
# Word error rate of the transcription stage (Vosk, models/vosk-model-en) on clearly spoken synthetic commands:
# the 25 commands of wer-commands.txt (used by no test) spoken by flite's four voices (slt, awb, rms, kal), decoded by
# SpeechTranscriber with one pooled recogniser. Needs flite and sox. Run from the repository root:
#   jobs/pipeline/bench/wer-flite.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."
mvn -o -q -pl jobs/pipeline test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt
P=jobs/pipeline/target; CP="$P/test-classes:$P/classes:$(cat $P/test-classpath.txt)"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
args=(); i=0
while read -r line; do
  [[ -z "$line" ]] && continue
  i=$((i+1))
  for v in slt awb rms kal; do
    flite -voice "$v" -t "$line" -o "$tmp/raw.wav"
    sox "$tmp/raw.wav" -r 16000 "$tmp/c${i}_$v.wav"
    args+=(--wav "$tmp/c${i}_$v.wav=${line// /_}")
  done
done < jobs/pipeline/bench/wer-commands.txt
java -cp "$CP" -Dvosk.model.dir=models/vosk-model-en io.wakestream.pipeline.transcribe.TranscriptionBench --passes 1 "${args[@]}" \
  | tee "$tmp/result.txt" | grep -E "total|model load"
for v in slt awb rms kal; do
  grep "_$v.wav" "$tmp/result.txt" | awk -v v="$v" '{for(i=1;i<=NF;i++) if($i=="wer"){split($(i+1),a,"/"); e+=a[1]; n+=a[2]}}
    END {printf "voice %s: WER %d/%d = %.3f\n", v, e, n, e/n}'
done
