#!/usr/bin/env bash
# mmdebstrap hooks of images/build (stage 1). Its content is part of the stage-1 cache key.
#   rootfs-hooks.sh essential ROOT   before the packages install: initramfs and raspi-firmware settings
#   rootfs-hooks.sh customize ROOT   after: users, groups, networking, a read-only-root-friendly /etc
set -euo pipefail
step="$1"
root="$2"

essential() {
  # The initramfs holds only the modules that find the root file system: MODULES=most takes
  # about 17 minutes under qemu-user (DESIGN.md), MODULES=list seconds.
  mkdir -p "$root/etc/initramfs-tools/conf.d" "$root/etc/default"
  echo 'MODULES=list' >"$root/etc/initramfs-tools/conf.d/ktv-modules.conf"
  printf '%s\n' $KTV_MODULES >"$root/etc/initramfs-tools/modules"
  # raspi-firmware writes config.txt and cmdline.txt from this when the kernel installs (dpkg
  # keeps it: force-confold). Debian's kernel runs with the upstream device tree
  # (upstream_kernel=1), where the Pi 4's serial console (the mini UART on GPIO 14/15, alias
  # serial1) is ttyS1; "serial0" is a Raspberry Pi OS alias the upstream kernel does not know.
  # The last console (tty1, the screen) gets the boot messages and the emergency shell.
  # CMA=0 leaves cma= off the command line, so the device tree's 64 MiB pool below 1 GiB is used:
  # the hook would write cma=64M here (it cannot see a Pi 4 in the build chroot), which Debian
  # warns can leave a Pi 4 unbootable; Debian's own Pi 4 images (image-specs) remove it too.
  cat >"$root/etc/default/raspi-firmware" <<EOF
KERNEL_ARCH="arm64"
ROOTPART="$KTV_ROOTPART"
CONSOLES="ttyS1,115200 tty1"
CMA="0"
EOF
  echo 'quiet' >"$root/etc/default/raspi-extra-cmdline"
}

customize() {
  local c=(chroot "$root")
  # Fixed ids: the image is reproducible and files on the data partition keep their owner.
  "${c[@]}" groupadd --system --gid 990 ktv
  "${c[@]}" groupadd --system --gid 991 ktv-kiosk
  getent_group() { awk -F: -v g="$1" '$1==g' "$root/etc/group" | grep -q .; }
  getent_group gpio || "${c[@]}" groupadd --system --gid 992 gpio
  getent_group i2c || "${c[@]}" groupadd --system --gid 993 i2c
  "${c[@]}" useradd --system --uid 990 --gid ktv --groups gpio,i2c,audio,video,render \
    --home-dir /var/lib/ktv --no-create-home --shell /usr/sbin/nologin ktv
  "${c[@]}" useradd --system --uid 991 --gid ktv-kiosk --groups video,render,input,audio \
    --home-dir /run/ktv-kiosk --no-create-home --shell /usr/sbin/nologin ktv-kiosk
  # GPIO character devices and I2C buses belong to their groups (udev).
  cat >"$root/etc/udev/rules.d/60-ktv-gpio-i2c.rules" <<'EOF'
SUBSYSTEM=="gpio", KERNEL=="gpiochip*", GROUP="gpio", MODE="0660"
SUBSYSTEM=="i2c-dev", KERNEL=="i2c-[0-9]*", GROUP="i2c", MODE="0660"
EOF
  echo ktv-room >"$root/etc/hostname"
  printf '127.0.0.1\tlocalhost\n127.0.1.1\tktv-room\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
  # Networking: systemd-networkd (DHCP on wired and Wi-Fi) and systemd-resolved.
  mkdir -p "$root/etc/systemd/network"
  printf '[Match]\nName=e* wl*\n\n[Network]\nDHCP=yes\n' >"$root/etc/systemd/network/20-ktv-dhcp.network"
  "${c[@]}" systemctl enable systemd-networkd.service systemd-resolved.service systemd-timesyncd.service
  ln -sf ../run/systemd/resolve/stub-resolv.conf "$root/etc/resolv.conf"
  # A read-only root: no first-boot prompts, an uninitialised machine id (systemd puts a
  # transient one over it), no apt timers writing to /var.
  ln -sf /dev/null "$root/etc/systemd/system/systemd-firstboot.service"
  "${c[@]}" systemctl mask apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer e2scrub_reap.service fstrim.timer 2>/dev/null || true
  echo uninitialized >"$root/etc/machine-id"
  rm -f "$root/var/lib/dbus/machine-id"
  ln -sf /etc/machine-id "$root/var/lib/dbus/machine-id"
  # The kernel and initrd are on the boot partition (raspi-firmware copied them); check.
  ls "$root/boot/firmware/" | grep -q '^initrd' || { echo 'rootfs-hooks: no initrd in /boot/firmware' >&2; exit 1; }
  # Smaller and reproducible: no package lists, caches or logs.
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
    "$root"/var/cache/debconf/*-old "$root"/var/lib/dpkg/*-old "$root"/var/log/*.log "$root"/var/log/apt/* \
    "$root"/usr/share/man/* "$root"/var/cache/man/*
  find "$root/usr/share/doc" -type f ! -name copyright -delete
}

case "$step" in
  essential) essential ;;
  customize) customize ;;
  *) echo "rootfs-hooks.sh: unknown step $step" >&2; exit 2 ;;
esac
