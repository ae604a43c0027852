"""``ndarray.flags``: the memory-layout flags, readable as attributes
(``a.flags.c_contiguous``) and by name (``a.flags['C_CONTIGUOUS']``, or the
one-letter codes 'C', 'F', 'O', 'W', 'A'), as NumPy's ``flagsobj``."""


class flagsobj(object):
    """A snapshot of the flags, as NumPy's: setting ``writeable``, ``aligned``
    or ``writebackifcopy`` (attributes or keys) calls the array's
    ``setflags``; the snapshot itself keeps the values it was made with."""

    __slots__ = ("_c", "_f", "_o", "_w", "_a", "_array")

    _names = {
        "C_CONTIGUOUS": "c_contiguous",
        "C": "c_contiguous",
        "CONTIGUOUS": "c_contiguous",
        "F_CONTIGUOUS": "f_contiguous",
        "F": "f_contiguous",
        "FORTRAN": "f_contiguous",
        "OWNDATA": "owndata",
        "O": "owndata",
        "WRITEABLE": "writeable",
        "W": "writeable",
        "ALIGNED": "aligned",
        "A": "aligned",
        "WRITEBACKIFCOPY": "writebackifcopy",
        "X": "writebackifcopy",
    }
    # The flags a key may set, and the setflags() keyword each one sets.
    _settable = {
        "WRITEABLE": "write",
        "W": "write",
        "ALIGNED": "align",
        "A": "align",
        "WRITEBACKIFCOPY": "uic",
        "X": "uic",
    }

    def __init__(self, c_contiguous, f_contiguous, owndata, writeable, aligned, array=None):
        self._c = c_contiguous
        self._f = f_contiguous
        self._o = owndata
        self._w = writeable
        self._a = aligned
        self._array = array

    def _set(self, keyword, value):
        if self._array is None:
            raise ValueError("Cannot set flags on array scalars.")
        self._array.setflags(**{keyword: value})

    def _read_only(name):  # noqa: N805 - a helper run while the class is built
        def get(self):
            return getattr(self, "_" + name[0])

        def set(self, value):
            raise AttributeError(
                "attribute '%s' of 'numpy_hpy.flagsobj' objects is not writable" % name
            )

        return property(get, set)

    c_contiguous = _read_only("c_contiguous")
    f_contiguous = _read_only("f_contiguous")
    owndata = _read_only("owndata")
    del _read_only

    def _settable_flag(attr, keyword, doc):  # noqa: N805
        def get(self):
            return getattr(self, attr) if attr else False

        def set(self, value):
            self._set(keyword, value)

        def delete(self):
            raise AttributeError("Cannot delete flags %s attribute" % doc)

        return property(get, set, delete)

    writeable = _settable_flag("_w", "write", "writeable")
    aligned = _settable_flag("_a", "align", "aligned")
    writebackifcopy = _settable_flag(None, "uic", "writebackifcopy")
    del _settable_flag

    @property
    def contiguous(self):
        return self.c_contiguous

    @property
    def fortran(self):
        return self.f_contiguous

    def __getitem__(self, key):
        try:
            return getattr(self, self._names[key])
        except KeyError:
            raise KeyError("Unknown flag")

    def __setitem__(self, key, value):
        try:
            keyword = self._settable[key]
        except (KeyError, TypeError):
            raise KeyError("Unknown flag")
        self._set(keyword, value)

    def __eq__(self, other):
        if not isinstance(other, flagsobj):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in self.__slots__[:5])

    def __repr__(self):
        rows = [
            ("C_CONTIGUOUS", self.c_contiguous),
            ("F_CONTIGUOUS", self.f_contiguous),
            ("OWNDATA", self.owndata),
            ("WRITEABLE", self.writeable),
            ("ALIGNED", self.aligned),
            ("WRITEBACKIFCOPY", False),
        ]
        return "\n".join("  %s : %s" % r for r in rows) + "\n"
