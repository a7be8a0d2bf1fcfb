# dmgbuild settings (dmgbuild runs this file with `defines` set; it is not imported):
#   python -m dmgbuild -s installers/dmg_settings.py -D app=dist/t3gui.app "t3gui 0.1.0" dist/t3gui-0.1.0.dmg
# The window users see when they open the .dmg: the app beside a link to /Applications.
import os.path

application = defines.get("app", "dist/t3gui.app")  # noqa: F821 - dmgbuild defines it
appname = os.path.basename(application)

# LZMA-compressed (macOS 10.15 and later; the app itself needs macOS 13): the smallest download.
format = defines.get("format", "ULMO")  # noqa: F821
files = [application]
symlinks = {"Applications": "/Applications"}
icon_locations = {appname: (150, 130), "Applications": (490, 130)}
window_rect = ((200, 160), (640, 320))
default_view = "icon-view"
show_icon_preview = False
icon_size = 128
text_size = 13
