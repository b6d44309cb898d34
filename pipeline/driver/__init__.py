"""The driver: discovers documents, runs and caches the per-document stages, assembles and writes.

:mod:`~pipeline.driver.discover` finds the sources, :mod:`~pipeline.driver.stages` runs
read → segment → extract per document against the stage files of
:mod:`~pipeline.driver.interim`, keyed by :mod:`~pipeline.driver.cache`;
:mod:`~pipeline.driver.assemble` and :mod:`~pipeline.driver.editions` gather the records;
:mod:`~pipeline.driver.build` ties them together and writes the outputs.
"""
