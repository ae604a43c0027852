"""``ndarray.flags``: the memory-layout flags, readable as attributes
(``a.flags.c_contiguous``) and by name (``a.flags['C_CONTIGUOUS']``, or the
one-letter codes 'C', 'F', 'O', 'W', 'A'), as NumPy's ``flagsobj``."""


class flagsobj(object):
    __slots__ = ("c_contiguous", "f_contiguous", "owndata", "writeable", "aligned")

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
    }

    def __init__(self, c_contiguous, f_contiguous, owndata, writeable, aligned):
        self.c_contiguous = c_contiguous
        self.f_contiguous = f_contiguous
        self.owndata = owndata
        self.writeable = writeable
        self.aligned = aligned

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

    def __eq__(self, other):
        if not isinstance(other, flagsobj):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in self.__slots__)

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
