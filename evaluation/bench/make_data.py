"""Writes the benchmark's input files once, so every framework reads the same numbers.

data/synthetic_50k.csv  50,000 x 20, 2 classes: scikit-learn make_classification, seed 20240601
data/digits_std.csv     datasets/digits.csv (1,797 x 64, 10 classes)

Each feature is standardized to mean 0 and standard deviation 1 (constant ones stay 0), so one
learning rate suits both sets.

Values are written with 17 significant digits, so every reader parses the same float64 bits.
Existing files are kept (delete data/ to regenerate).
"""
import os
import sys

import numpy as np
from sklearn.datasets import make_classification

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DATA = os.path.join(HERE, "data")


def standardize(x):
    std = x.std(axis=0)
    return (x - x.mean(axis=0)) / np.where(std > 0, std, 1.0)


def write(path, x, y):
    tmp = path + ".tmp"
    header = ",".join([f"f{i}" for i in range(x.shape[1])] + ["label"])
    with open(tmp, "w") as f:
        f.write(header + "\n")
        for row, label in zip(x, y):
            f.write(",".join(format(v, ".17g") for v in row) + "," + str(int(label)) + "\n")
    os.replace(tmp, path)


def main():
    os.makedirs(DATA, exist_ok=True)
    synth = os.path.join(DATA, "synthetic_50k.csv")
    if not os.path.exists(synth):
        x, y = make_classification(n_samples=50_000, n_features=20, n_informative=10, n_redundant=4,
                                   n_classes=2, class_sep=1.0, random_state=20240601)
        write(synth, standardize(x), y)
        print("wrote", synth, file=sys.stderr)
    digits = os.path.join(DATA, "digits_std.csv")
    if not os.path.exists(digits):
        raw = np.loadtxt(os.path.join(ROOT, "datasets", "digits.csv"), delimiter=",", skiprows=1)
        x, y = raw[:, :-1], raw[:, -1]
        write(digits, standardize(x), y)
        print("wrote", digits, file=sys.stderr)


if __name__ == "__main__":
    main()
