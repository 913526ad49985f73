"""View > Theme: the desktop's own look, or a light or dark one chosen here, remembered.

A person reading for hours picks dark or light whatever the desktop says; Qt's Fusion style
draws both alike on every platform. "System" gives back the style and palette the application
started with.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QStyleFactory, QWidget

THEME_KEY = "view/theme"
SYSTEM, LIGHT, DARK = "system", "light", "dark"
THEME_TITLES = {SYSTEM: "&System", LIGHT: "&Light", DARK: "&Dark"}

# The style and palette the application had before any theme was applied, kept once for
# all windows: a second window must not take a dark palette for the desktop's.
_started_with: tuple[str, QPalette] | None = None


def dark_palette() -> QPalette:
    """A dark palette, as a dark desktop theme gives."""
    palette = QPalette(QColor("#353535"), QColor("#2a2a2a"))
    role = QPalette.ColorRole
    for name, colour in (
        (role.Window, "#353535"),
        (role.WindowText, "#e8e8e8"),
        (role.Base, "#2a2a2a"),
        (role.AlternateBase, "#323232"),
        (role.Text, "#e8e8e8"),
        (role.Button, "#404040"),
        (role.ButtonText, "#e8e8e8"),
        (role.ToolTipBase, "#202020"),
        (role.ToolTipText, "#e8e8e8"),
        (role.PlaceholderText, "#9a9a9a"),
        (role.Highlight, "#2f65ca"),
        (role.HighlightedText, "#ffffff"),
        (role.Link, "#7fb0ff"),
        (role.LinkVisited, "#c39bff"),
    ):
        palette.setColor(name, QColor(colour))
    return palette


def apply_theme(theme: str) -> None:
    """Gives the whole application ``theme``'s style and palette."""
    global _started_with
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if _started_with is None:
        _started_with = (app.style().name(), QApplication.palette())
    style, palette = _started_with
    if theme in (LIGHT, DARK):
        style = "Fusion"
        fusion = QStyleFactory.create(style)
        palette = dark_palette() if theme == DARK else fusion.standardPalette()
    if app.style().name().lower() != style.lower():
        QApplication.setStyle(style)
    QApplication.setPalette(palette)


def is_dark(palette: QPalette) -> bool:
    """True when the text is lighter than its background, as in a dark theme."""
    role = QPalette.ColorRole
    return palette.color(role.Base).lightness() < palette.color(role.Text).lightness()


def apply_saved_theme(settings: QSettings) -> str:
    """Applies the theme the person chose last (nothing for the system's) and names it."""
    saved = settings.value(THEME_KEY, SYSTEM)
    theme = saved if saved in THEME_TITLES else SYSTEM
    if theme != SYSTEM:
        apply_theme(theme)
    return str(theme)


class ThemeChooser(QObject):
    """The View > Theme submenu; applies the saved theme at once and every choice after."""

    theme_changed = Signal(str)

    def __init__(self, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.menu = QMenu("&Theme")
        self._group = QActionGroup(self)
        self.actions: dict[str, QAction] = {}
        for theme, title in THEME_TITLES.items():
            action = QAction(title, self, checkable=True)
            action.setData(theme)
            self._group.addAction(action)
            self.menu.addAction(action)
            self.actions[theme] = action
        self._group.triggered.connect(lambda action: self.choose(str(action.data())))
        self.theme = apply_saved_theme(settings)
        self.actions[self.theme].setChecked(True)

    def choose(self, theme: str) -> None:
        """Applies ``theme`` and remembers it for the next start."""
        self.theme = theme
        self.actions[theme].setChecked(True)
        self._settings.setValue(THEME_KEY, theme)
        apply_theme(theme)
        self.theme_changed.emit(theme)


def error_colour(palette: QPalette) -> QColor:
    """Red that reads on this palette's background: deep on light, soft on dark."""
    return QColor("#ff8a80") if is_dark(palette) else QColor("#b00020")


class ErrorLabel(QLabel):
    """A message saying what went wrong, in a red that follows the theme."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self._recolouring = False
        self._recolour()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not self._recolouring:
            self._recolour()

    def _recolour(self) -> None:
        # Only the text's role is set: the others keep following the application's palette.
        self._recolouring = True
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, error_colour(palette))
        self.setPalette(palette)
        self._recolouring = False
