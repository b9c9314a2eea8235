"""Whitenoise's compressed manifest storage, tolerant of CSS references to missing files.

Production collectstatic stops when a stylesheet points at a file that is not there (today
GOV.UK Frontend's CSS refers to build/assets/images/govuk-crest.svg, which the front-end build
does not copy). The bench must still measure the pages, so it leaves such a reference as it
is and reports the file; everything else (hashed names, gzip and brotli copies) is exactly
what production serves.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage

MISSING_REFERENCES: set[str] = set()


class TolerantCompressedManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def url_converter(self, name, hashed_files, template=None):
        convert = super().url_converter(name, hashed_files, template)

        def converter(matchobj):
            try:
                return convert(matchobj)
            except ValueError:
                MISSING_REFERENCES.add(f"{name} -> {matchobj['url']}")
                return matchobj[0]

        return converter
