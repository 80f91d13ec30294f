#!/usr/bin/env bash
# Makes the demo songs that `npm start` plays: short invented songs (tones, a title picture),
# their LRC lyrics and a small local catalog. Idempotent: a file that exists is kept.
#
#   scripts/media/make-demo-songs.sh OUT_DIR
#
# OUT_DIR/catalog.json   { version: 1, songs: [...], backgroundPlaylist: [...] }; media and lyrics
#                        paths are relative to OUT_DIR
# OUT_DIR/songs/*.mkv    video (title picture) + audio, vocals carried as
#                          two audio tracks (1 = vocals + music, 2 = music only), or
#                          L/R: left = music only, right = vocals + music (vocalsChannel 'right')
# OUT_DIR/songs/*.lrc    UTF-8 with word timing; GBK; UTF-8 with BOM and CRLF (as found in the wild)
# OUT_DIR/bgm/*.mkv      background music (公播) for an empty queue
#
# The "vocals" are a sine melody an octave or two above the "music" (a bass and chord pad), so
# that 原唱 and 伴唱 sound clearly different. Lyrics are invented for the demo.
set -euo pipefail
export LC_ALL=C.UTF-8

if [ $# -ne 1 ]; then
  echo "usage: $0 OUT_DIR" >&2
  exit 2
fi
OUT=$1
FONT=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
for tool in ffmpeg ffprobe iconv; do
  command -v "$tool" >/dev/null || { echo "$0: $tool is needed (apt-get install ffmpeg libc-bin)" >&2; exit 1; }
done
mkdir -p "$OUT/songs" "$OUT/bgm"

# Title text is drawn with a CJK font when there is one; otherwise the picture has no text.
if [ -f "$FONT" ]; then HAVE_FONT=1; else HAVE_FONT=0; echo "note: $FONT missing, titles are not drawn" >&2; fi

# run_once TARGET CMD...: runs CMD (which writes "$TMP") unless TARGET exists; then renames.
run_once() {
  local target=$1
  shift
  if [ -e "$target" ]; then
    echo "  keep  $target"
    return
  fi
  TMP="$target.part.${target##*.}"
  "$@"
  mv -f "$TMP" "$target"
  echo "  made  $target"
}

# Audio expressions for aevalsrc (single-quoted inside the filtergraph, so commas are safe).
# Chords change every 2 s over 8 s: I - vi - IV - V in the song's key (root in Hz).
music_expr() {
  local root=$1
  local step="if(lt(mod(t,8),2),0,if(lt(mod(t,8),4),-3,if(lt(mod(t,8),6),-7,-5)))"
  echo "0.16*sin(2*PI*t*$root/2*pow(2,$step/12))+0.07*sin(2*PI*t*$root*pow(2,($step+4)/12))+0.07*sin(2*PI*t*$root*pow(2,($step+7)/12))"
}
# A melody: one note per half second, eight notes repeated, with a little vibrato.
vocals_expr() {
  local root=$1
  local n="floor(mod(t*2,8))"
  local semis="if(eq($n,0),12,if(eq($n,1),14,if(eq($n,2),16,if(eq($n,3),19,if(eq($n,4),16,if(eq($n,5),14,if(eq($n,6),12,7)))))))"
  echo "0.22*sin(2*PI*t*$root*pow(2,$semis/12)*(1+0.004*sin(2*PI*5*t)))"
}

# picture TITLE ARTIST COLOUR SECONDS: the -i and -vf arguments of a title picture.
picture_args() {
  local title=$1 artist=$2 colour=$3 secs=$4
  PIC_IN=(-f lavfi -i "color=c=$colour:s=640x360:r=15:d=$secs")
  if [ "$HAVE_FONT" = 1 ]; then
    PIC_VF=(-vf "drawtext=fontfile=$FONT:text='$title':fontsize=52:fontcolor=white:x=(w-tw)/2:y=h/4,drawtext=fontfile=$FONT:text='$artist':fontsize=28:fontcolor=0xd0d8ff:x=(w-tw)/2:y=h/4+80")
  else
    PIC_VF=()
  fi
}

VIDEO_OUT=(-c:v libx264 -preset veryfast -tune stillimage -pix_fmt yuv420p -c:a aac -b:a 96k)

# two_track_song OUT TITLE ARTIST COLOUR SECONDS ROOT_HZ: track 1 = vocals + music, track 2 = music.
two_track_song() {
  local out=$1 title=$2 artist=$3 colour=$4 secs=$5 root=$6
  picture_args "$title" "$artist" "$colour" "$secs"
  ffmpeg -v error -nostdin -y "${PIC_IN[@]}" \
    -f lavfi -i "aevalsrc=exprs='$(music_expr "$root")':s=44100:d=$secs" \
    -f lavfi -i "aevalsrc=exprs='$(vocals_expr "$root")':s=44100:d=$secs" \
    -filter_complex "[1:a]asplit[m1][m2];[m1][2:a]amix=inputs=2:normalize=0,pan=stereo|c0=c0|c1=c0[full];[m2]pan=stereo|c0=c0|c1=c0[backing]" \
    "${PIC_VF[@]}" -map 0:v -map '[full]' -map '[backing]' \
    -metadata:s:a:0 title=原唱 -metadata:s:a:1 title=伴唱 \
    "${VIDEO_OUT[@]}" -f matroska "$TMP"
}

# left_right_song OUT TITLE ARTIST COLOUR SECONDS ROOT_HZ: left = music, right = vocals + music.
left_right_song() {
  local out=$1 title=$2 artist=$3 colour=$4 secs=$5 root=$6
  picture_args "$title" "$artist" "$colour" "$secs"
  ffmpeg -v error -nostdin -y "${PIC_IN[@]}" \
    -f lavfi -i "aevalsrc=exprs='$(music_expr "$root")':s=44100:d=$secs" \
    -f lavfi -i "aevalsrc=exprs='$(vocals_expr "$root")':s=44100:d=$secs" \
    -filter_complex "[1:a]asplit[m1][m2];[m2][2:a]amix=inputs=2:normalize=0[full];[m1][full]join=inputs=2:channel_layout=stereo[lr]" \
    "${PIC_VF[@]}" -map 0:v -map '[lr]' "${VIDEO_OUT[@]}" -f matroska "$TMP"
}

# background_clip OUT SECONDS: 公播 music only, a calm picture.
background_clip() {
  local out=$1 secs=$2
  picture_args "公播 · 背景音乐" "欢迎光临" 0x203030 "$secs"
  ffmpeg -v error -nostdin -y "${PIC_IN[@]}" \
    -f lavfi -i "aevalsrc=exprs='$(music_expr 392)':s=44100:d=$secs" \
    -filter_complex "[1:a]pan=stereo|c0=c0|c1=c0[a]" \
    "${PIC_VF[@]}" -map 0:v -map '[a]' "${VIDEO_OUT[@]}" -f matroska "$TMP"
}

# ts CENTISECONDS -> mm:ss.xx
ts() { printf '%02d:%02d.%02d' $(($1 / 6000)) $(($1 / 100 % 60)) $(($1 % 100)); }

# enhanced_line START_CS TEXT: one LRC line with a <mm:ss.xx> time before each character (0.45 s each).
enhanced_line() {
  local t=$1 text=$2 out="" i
  out="[$(ts "$t")]"
  for ((i = 0; i < ${#text}; i++)); do
    out+="<$(ts "$t")>${text:i:1}"
    t=$((t + 45))
  done
  echo "$out<$(ts "$t")>"
}

lrc_yueguang() {
  {
    echo "[ti:月光小夜曲]"
    echo "[ar:演示歌手]"
    echo "[al:演示专辑]"
    echo "[by:ktv demo]"
    echo "[offset:0]"
    enhanced_line 200 "月光洒在窗前"
    enhanced_line 600 "风儿轻轻唱歌"
    enhanced_line 1000 "我在等你回来"
    enhanced_line 1400 "夜色温柔如水"
    enhanced_line 1800 "星星眨着眼睛"
    enhanced_line 2200 "月光小夜曲"
  } >"$TMP"
}

lrc_haibian() {
  # written in UTF-8 here, stored as GBK (as many KTV libraries have them)
  {
    echo "[ti:海边的风]"
    echo "[ar:演示乐队]"
    echo "[offset:-200]"
    echo "[00:03.00]海边的风吹过沙滩"
    echo "[00:07.50]浪花一朵一朵开"
    echo "[00:12.00][00:21.00]我们一起唱吧"
    echo "[00:16.50]太阳落在海面上"
    echo "[00:25.00]再见了夏天"
  } | iconv -f UTF-8 -t GBK >"$TMP"
}

lrc_yeguiren() {
  # UTF-8 with a BOM and CRLF line ends, three-digit milliseconds
  {
    printf '\xEF\xBB\xBF'
    printf '%s\r\n' "[ti:城市夜归人]" "[ar:演示歌手乙]" \
      "[00:02.000]霓虹灯下的街道" "[00:06.500]一个人慢慢行" "[00:11.000]城市的夜很长" \
      "[00:15.500]归家的路很近" "[00:20.000]晚安 城市"
  } >"$TMP"
}

echo "==> demo songs in $OUT"
run_once "$OUT/songs/demo-001.mkv" two_track_song "$OUT/songs/demo-001.mkv" "月光小夜曲" "演示歌手" 0x1a2a4a 30 440
run_once "$OUT/songs/demo-001.lrc" lrc_yueguang
run_once "$OUT/songs/demo-002.mkv" left_right_song "$OUT/songs/demo-002.mkv" "海边的风" "演示乐队" 0x0a3a4a 30 392
run_once "$OUT/songs/demo-002.lrc" lrc_haibian
run_once "$OUT/songs/demo-003.mkv" two_track_song "$OUT/songs/demo-003.mkv" "城市夜归人" "演示歌手乙" 0x3a1a3a 25 330
run_once "$OUT/songs/demo-003.lrc" lrc_yeguiren
run_once "$OUT/bgm/bgm-001.mkv" background_clip "$OUT/bgm/bgm-001.mkv" 20

duration_ms() {
  ffprobe -v error -show_entries format=duration -of csv=p=0 "$1" | awk '{ printf "%d", $1 * 1000 + 0.5 }'
}

write_catalog() {
  local d1 d2 d3 b1
  d1=$(duration_ms "$OUT/songs/demo-001.mkv")
  d2=$(duration_ms "$OUT/songs/demo-002.mkv")
  d3=$(duration_ms "$OUT/songs/demo-003.mkv")
  b1=$(duration_ms "$OUT/bgm/bgm-001.mkv")
  cat >"$TMP" <<EOF
{
  "version": 1,
  "songs": [
    {
      "id": "demo-001",
      "title": "月光小夜曲",
      "artist": "演示歌手",
      "language": "国语",
      "durationMs": $d1,
      "media": "songs/demo-001.mkv",
      "lyrics": "songs/demo-001.lrc",
      "vocals": { "kind": "track", "vocalsTrack": 1, "backingTrack": 2 }
    },
    {
      "id": "demo-002",
      "title": "海边的风",
      "artist": "演示乐队",
      "language": "国语",
      "durationMs": $d2,
      "media": "songs/demo-002.mkv",
      "lyrics": "songs/demo-002.lrc",
      "vocals": { "kind": "channel", "vocalsChannel": "right" }
    },
    {
      "id": "demo-003",
      "title": "城市夜归人",
      "artist": "演示歌手乙",
      "language": "粤语",
      "durationMs": $d3,
      "media": "songs/demo-003.mkv",
      "lyrics": "songs/demo-003.lrc",
      "vocals": { "kind": "track", "vocalsTrack": 1, "backingTrack": 2 }
    }
  ],
  "backgroundPlaylist": [
    { "id": "bgm-001", "title": "公播 · 背景音乐", "durationMs": $b1, "media": "bgm/bgm-001.mkv" }
  ]
}
EOF
}
run_once "$OUT/catalog.json" write_catalog
echo "==> done"
