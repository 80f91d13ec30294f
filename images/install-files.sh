#!/usr/bin/env bash
# images/build stage 2: the project's files into the root file system (plain file operations, no chroot).
#   KTV_BOARD=rpi4|qemu KTV_AGENT=FILE KTV_ADDON=FILE|none KTV_REPO=DIR install-files.sh ROOT
set -euo pipefail
root="$1"
repo="$KTV_REPO"
units="$repo/systemd"

install -D -m 0755 "$KTV_AGENT" "$root/usr/lib/ktv/ktv-agent"
if [ "$KTV_ADDON" != none ]; then
  # Beside the executable, where the agent looks for the i2c-bus addon (else: ALSA volume fallback).
  install -m 0644 "$KTV_ADDON" "$root/usr/lib/ktv/$(basename "$KTV_ADDON")"
fi
ln -sf ../lib/ktv/ktv-agent "$root/usr/bin/ktv-agent"
# The data partition grows to the end of the card at first boot (before it is mounted).
install -m 0755 "$repo/images/files/grow-data-partition" "$root/usr/lib/ktv/grow-data-partition"
install -m 0644 "$repo/images/files/ktv-grow-data.service" "$root/etc/systemd/system/"
mkdir -p "$root/etc/systemd/system/local-fs-pre.target.wants"
ln -sf /etc/systemd/system/ktv-grow-data.service "$root/etc/systemd/system/local-fs-pre.target.wants/ktv-grow-data.service"

install -m 0644 "$units/ktv-agent.service" "$units/ktv-kiosk.service" "$units/ktv-wifi.path" "$root/etc/systemd/system/"
install -D -m 0644 "$units/journald-ktv.conf" "$root/etc/systemd/journald.conf.d/ktv.conf"
mkdir -p "$root/etc/systemd/system/multi-user.target.wants" "$root/etc/systemd/system/graphical.target.wants"
ln -sf /etc/systemd/system/ktv-agent.service "$root/etc/systemd/system/multi-user.target.wants/ktv-agent.service"
ln -sf /etc/systemd/system/ktv-wifi.path "$root/etc/systemd/system/multi-user.target.wants/ktv-wifi.path"
ln -sf /etc/systemd/system/ktv-kiosk.service "$root/etc/systemd/system/graphical.target.wants/ktv-kiosk.service"
# wpa_supplicant@wlan0 reads its file from the data folder (written at first boot).
mkdir -p "$root/etc/wpa_supplicant"
ln -sf /var/lib/ktv/wifi/wpa_supplicant-wlan0.conf "$root/etc/wpa_supplicant/wpa_supplicant-wlan0.conf"
install -D -m 0644 "$repo/docs/technicians.md" "$root/usr/share/doc/ktv/technicians.md"

# What a bundle does not carry: the board's player and display settings (ktv-agent bundle import --defaults).
# rpi4: mpv full screen on the TV (HDMI), door/PIR/call button on GPIO; qemu: mpv with null outputs.
install -D -m 0644 "$repo/images/boards/$KTV_BOARD/agent-defaults.json" "$root/etc/ktv/agent-defaults.json"
case "$KTV_BOARD" in
  rpi4)
    ln -sf /usr/lib/systemd/system/graphical.target "$root/etc/systemd/system/default.target"
    # The agent's DeviceAllow=char-drm/char-cec are looked up in /proc/devices when it starts: wait
    # until udev has loaded the display (vc4, v3d) and CEC drivers, else mpv and cec-ctl would be
    # refused until the agent's next restart.
    # The kiosk's ConditionPathExistsGlob=/dev/dri/card* is checked once, at start: the same wait.
    for unit in ktv-agent ktv-kiosk; do
      mkdir -p "$root/etc/systemd/system/$unit.service.d"
      printf '[Unit]\nWants=systemd-udev-settle.service\nAfter=systemd-udev-settle.service\n' \
        >"$root/etc/systemd/system/$unit.service.d/rpi4-devices.conf"
    done
    ;;
  qemu)
    ln -sf /usr/lib/systemd/system/multi-user.target "$root/etc/systemd/system/default.target"
    # qemu -M virt emulates the CPU (TCG): a Node start takes minutes there, not a second.
    mkdir -p "$root/etc/systemd/system/ktv-agent.service.d"
    printf '[Service]\nTimeoutStartSec=20min\nWatchdogSec=90\n' >"$root/etc/systemd/system/ktv-agent.service.d/qemu-slow-cpu.conf"
    # The test image only: root logs in on the serial console by itself, so the boot test can look.
    mkdir -p "$root/etc/systemd/system/serial-getty@ttyAMA0.service.d"
    cat >"$root/etc/systemd/system/serial-getty@ttyAMA0.service.d/autologin.conf" <<'UNIT'
[Service]
ExecStart=
ExecStart=-/sbin/agetty -o '-p -f -- \\u' --keep-baud --autologin root 115200,57600,38400,9600 - $TERM
UNIT
    ;;
esac
echo "$KTV_BOARD" >"$root/etc/ktv/board"
# /dev/i2c-N for the amplifier: i2c-dev has no device alias, so udev never loads it by itself.
mkdir -p "$root/etc/modules-load.d"
printf '# The amplifier on the GPIO header I2C bus (/dev/i2c-1 on a Pi 4): images/install-files.sh\ni2c-dev\n' \
  >"$root/etc/modules-load.d/ktv.conf"

# Mount points must exist in the image: nothing can create them on the read-only root.
mkdir -p "$root/var/lib/ktv" "$root/var/lib/private" "$root/var/lib/systemd" "$root/var/cache" "$root/var/log" \
  "$root/var/tmp" "$root/tmp" "$root/boot/firmware"
chmod 0700 "$root/var/lib/private"

# A read-mostly root: / is mounted read-only; the agent's data partition is the only persistent
# writable place; what systemd and the system write at run time is in RAM.
cat >"$root/etc/fstab" <<'EOF2'
# <file system>        <mount point>     <type> <options>                                     <dump> <pass>
PARTUUID=6b747631-02   /                 ext4   ro,noatime,errors=remount-ro                  0      1
PARTUUID=6b747631-01   /boot/firmware    vfat   noatime,umask=0077,nofail                     0      2
PARTUUID=6b747631-03   /var/lib/ktv      ext4   noatime,nodev,nosuid,noexec,errors=remount-ro,x-systemd.growfs 0 2
tmpfs                  /tmp              tmpfs  nodev,nosuid,size=64M,mode=1777               0      0
tmpfs                  /var/tmp          tmpfs  nodev,nosuid,size=16M,mode=1777               0      0
tmpfs                  /var/log          tmpfs  nodev,nosuid,noexec,size=16M,mode=0755        0      0
tmpfs                  /var/lib/systemd  tmpfs  nodev,nosuid,noexec,size=8M,mode=0755         0      0
tmpfs                  /var/lib/private  tmpfs  nodev,nosuid,noexec,size=8M,mode=0700         0      0
tmpfs                  /var/cache        tmpfs  nodev,nosuid,noexec,size=16M,mode=0755        0      0
EOF2
