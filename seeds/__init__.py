"""The bundled seed claims: `geokg load` with no path, and `geokg serve` on an empty graph, read this folder."""

from pathlib import Path

BUNDLED = Path(__file__).parent
