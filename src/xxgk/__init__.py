"""xxgk: extract, load and check the statistical tables of 政府信息公开工作年度报告."""
