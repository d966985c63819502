"""The scikit-learn script for the job `./occam run configs/moons-l2-keras.xml` does (issue 15 §1).

What a scikit-learn user writes for that experiment, as one whole process: load moons_n1000.csv and its
test split file, hold out 20% of the remaining rows for validation (seed 7), standardize on the training
rows, train a 2→128→128 ReLU MLP with SGD (learning rate 0.05, momentum 0.9, not Nesterov, minibatch 32,
200 epochs, shuffled every epoch, seed 1) and L2, record the learning curves epoch by epoch, evaluate
accuracy and macro-F1 on train / validation / test, save the model and a JSON record, and draw the decision
boundary and the learning curves with matplotlib.

L2. The config asks for λ = 0.01 in the KERAS convention: λ·Σw² added to the minibatch mean loss, on the
hidden layers' weights, so the gradient term is 2λ·w. scikit-learn's MLPClassifier adds (alpha / 2b)·Σw²
with b = the rows of the current minibatch, gradient (alpha / b)·w, on EVERY weight matrix (the output
layer's too, never the intercepts). The same per-step gradient on a full minibatch of b = 32 needs
    alpha = 2·λ·b = 2 · 0.01 · 32 = 0.64.
What cannot be matched: the last minibatch of an epoch (600 training rows = 18·32 + 24) gets alpha/24
instead of alpha/32 (a 4/3 larger decay for that one step), the output layer is penalized too, and a
binary problem has one logistic output unit (2→128→128→1) instead of a two-way softmax.
Initialization is scikit-learn's own (Glorot-uniform-like); there is no He-uniform option.

Learning curves: MLPClassifier.fit keeps only the training loss per epoch, so the script calls
partial_fit once per epoch (one shuffled pass with the same SGD state) and scores train and validation
after each epoch, which is what Occam's history records.

usage: e2e_sklearn.py --root REPO --out DIR
"""
import argparse
import json
import os
import pickle
import time
import warnings

import numpy as np

LAMBDA_KERAS = 0.01
BATCH = 32
EPOCHS = 200


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--root", required=True, help="the repository (datasets/ under it)")
    p.add_argument("--out", required=True, help="directory for model.pkl, run.json and the PNGs")
    a = p.parse_args()
    t_start = time.perf_counter()

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.metrics import accuracy_score, f1_score, log_loss
    from sklearn.model_selection import train_test_split
    from sklearn.neural_network import MLPClassifier
    from sklearn.preprocessing import StandardScaler

    # Data: the CSV, its test split file (row indices), 20% of the rest for validation.
    data = np.loadtxt(os.path.join(a.root, "datasets/moons_n1000.csv"), delimiter=",", skiprows=1)
    x, y = data[:, :2], data[:, 2].astype(np.int64)
    test_idx = np.loadtxt(os.path.join(a.root, "datasets/splits/moons_n1000_test_idx.txt"), dtype=np.int64)
    is_test = np.zeros(len(y), dtype=bool)
    is_test[test_idx] = True
    x_rest, y_rest = x[~is_test], y[~is_test]
    x_test, y_test = x[is_test], y[is_test]
    x_train, x_val, y_train, y_val = train_test_split(x_rest, y_rest, test_size=0.2, random_state=7)
    scaler = StandardScaler().fit(x_train)
    x_train, x_val, x_test = scaler.transform(x_train), scaler.transform(x_val), scaler.transform(x_test)

    model = MLPClassifier(hidden_layer_sizes=(128, 128), activation="relu", solver="sgd",
                          alpha=2 * LAMBDA_KERAS * BATCH,  # = 0.64, see the module docstring
                          batch_size=BATCH, learning_rate="constant", learning_rate_init=0.05, momentum=0.9,
                          nesterovs_momentum=False, shuffle=True, random_state=1)
    classes = np.unique(y)
    history = []
    warnings.simplefilter("ignore", ConvergenceWarning)
    for epoch in range(1, EPOCHS + 1):
        model.partial_fit(x_train, y_train, classes=classes)
        p_train, p_val = model.predict_proba(x_train), model.predict_proba(x_val)
        history.append({"epoch": epoch, "loss": float(model.loss_),
                        "train_loss": float(log_loss(y_train, p_train, labels=classes)),
                        "validation_loss": float(log_loss(y_val, p_val, labels=classes)),
                        "train_accuracy": float(accuracy_score(y_train, classes[p_train.argmax(1)])),
                        "validation_accuracy": float(accuracy_score(y_val, classes[p_val.argmax(1)]))})

    metrics = {}
    for name, xs, ys in (("train", x_train, y_train), ("validation", x_val, y_val), ("test", x_test, y_test)):
        pred = model.predict(xs)
        metrics[name] = {"accuracy": float(accuracy_score(ys, pred)),
                         "macro_f1": float(f1_score(ys, pred, average="macro"))}

    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "model.pkl"), "wb") as f:
        pickle.dump({"scaler": scaler, "model": model}, f)
    record = {"experiment": "moons-l2-keras", "framework": "scikit-learn", "dataset": "moons_n1000",
              "rows": {"train": len(y_train), "validation": len(y_val), "test": len(y_test)},
              "settings": {"hidden": [128, 128], "activation": "relu", "optimizer": "sgd", "learning_rate": 0.05,
                           "momentum": 0.9, "batch": BATCH, "epochs": EPOCHS, "l2_keras_lambda": LAMBDA_KERAS,
                           "sklearn_alpha": 2 * LAMBDA_KERAS * BATCH, "seed": 1, "split_seed": 7},
              "metrics": metrics, "history": history}
    with open(os.path.join(a.out, "run.json"), "w") as f:
        json.dump(record, f, indent=1)

    # Decision boundary on a grid over the standardized training data, and the learning curves.
    lo, hi = x_train.min(0) - 0.5, x_train.max(0) + 0.5
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], 200), np.linspace(lo[1], hi[1], 200))
    proba = model.predict_proba(np.c_[gx.ravel(), gy.ravel()])[:, 1].reshape(gx.shape)
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.contourf(gx, gy, proba, levels=20, cmap="RdBu", alpha=0.6)
    ax.scatter(x_test[:, 0], x_test[:, 1], c=y_test, cmap="RdBu", edgecolors="k", s=12)
    ax.set_title("decision boundary (test rows)")
    fig.savefig(os.path.join(a.out, "decision-boundary.png"), dpi=100)
    plt.close(fig)
    epochs = [h["epoch"] for h in history]
    fig, (l, r) = plt.subplots(1, 2, figsize=(10, 4))
    l.plot(epochs, [h["train_loss"] for h in history], label="train")
    l.plot(epochs, [h["validation_loss"] for h in history], label="validation")
    l.set_xlabel("epoch"); l.set_ylabel("cross-entropy"); l.legend()
    r.plot(epochs, [h["train_accuracy"] for h in history], label="train")
    r.plot(epochs, [h["validation_accuracy"] for h in history], label="validation")
    r.set_xlabel("epoch"); r.set_ylabel("accuracy"); r.legend()
    fig.savefig(os.path.join(a.out, "learning-curves.png"), dpi=100)
    plt.close(fig)

    print(f"accuracy: train {metrics['train']['accuracy']:.4f}  validation {metrics['validation']['accuracy']:.4f}  "
          f"test {metrics['test']['accuracy']:.4f}   test macro-F1 {metrics['test']['macro_f1']:.4f}  "
          f"({time.perf_counter() - t_start:.2f} s after start-up)")


if __name__ == "__main__":
    main()
