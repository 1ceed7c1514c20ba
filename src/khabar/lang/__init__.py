"""What khabar knows about languages, Arabic first, each piece in one place: normalisation
and folding (`normalize`), which language a text is in (`identify`), the calendar (month
names of every system, Hijri months, weekdays: `calendar`), word lists (`lexicon`), names
(`gazetteer`, as data files) and search stems (`stems`). Every layer above reads it; it
reads nothing of khabar but the data model."""
