# %% [markdown]
# # Exploring the 地域産業活性化計画 datasets
#
# A jupytext (percent format) script: open it as a notebook with jupytext, or run it
# with `python docs/examples/explore.py [OUTPUT_DIR]`.  The tests run it on a fresh build.

# %%
import sys

import pipeline

output_dir = sys.argv[1] if len(sys.argv) > 1 else "output"
tables = pipeline.load(output_dir)
programs, plans = tables["programs"], tables["plans"]
print(programs.dtypes.to_string())

# %% [markdown]
# Column meanings come with the data (from the Parquet field metadata):

# %%
for column, description in programs.attrs["descriptions"].items():
    print(f"{column:16} {description}")

# %% [markdown]
# ## Programs per municipality
# Join each program to its plan, then count.

# %%
joined = programs.merge(
    plans[["plan_id", "municipality", "municipality_kind", "start_fy", "end_fy"]],
    on="plan_id",
    how="left",
    validate="many_to_one",
)
per_municipality = joined.groupby("municipality", observed=True)["program_id"].count()
print(per_municipality.sort_values(ascending=False).to_string())

# %% [markdown]
# ## Programs per category and per theme

# %%
per_category = joined.groupby(["municipality", "category_no"], observed=True).size().unstack(fill_value=0)
print(per_category.to_string())
per_theme = joined.explode("themes").groupby(["themes", "municipality"], observed=True).size()
print(per_theme.to_string())

# %% [markdown]
# Nullable integer years stay integers; provisional names are a boolean column.

# %%
print(plans[["municipality", "start_fy", "end_fy"]].to_string(index=False))
print("provisional names:", int(programs["is_provisional"].sum()))
