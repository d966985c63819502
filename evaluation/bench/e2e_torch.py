"""The PyTorch script for the job `./occam run configs/moons-l2-keras.xml` does (issue 15 §1).

What a PyTorch user writes for that experiment, as one whole process: load moons_n1000.csv and its test
split file, hold out 20% of the remaining rows for validation (seed 7), standardize on the training rows,
train 2→128→128→2 (ReLU, He-uniform weights, zero biases, softmax cross-entropy) with SGD (learning rate
0.05, momentum 0.9, not Nesterov, minibatch 32, 200 epochs, reshuffled every epoch, seed 1) and L2, evaluate
train and validation after every epoch (the learning curves), then accuracy and macro-F1 on train /
validation / test, save the model (state_dict) and a JSON record, and draw the decision boundary and the
learning curves with matplotlib. float64, like Occam and scikit-learn.

L2. KERAS convention, λ = 0.01: λ·Σw² on the two hidden layers' weights (not the output layer, not the
biases) added to the minibatch mean loss, gradient 2λ·w. In PyTorch that is exactly the coupled
weight_decay = 2λ = 0.02 on a parameter group holding the hidden weights (SGD adds weight_decay·w to the
gradient before the momentum buffer, as the penalty's gradient would be); the penalty's value, for the
record, is computed once per epoch.

usage: e2e_torch.py --root REPO --out DIR
"""
import argparse
import json
import os
import time

import numpy as np

LAMBDA_KERAS = 0.01
BATCH = 32
EPOCHS = 200


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--root", required=True, help="the repository (datasets/ under it)")
    p.add_argument("--out", required=True, help="directory for model.pt, run.json and the PNGs")
    a = p.parse_args()
    t_start = time.perf_counter()

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import torch
    from sklearn.metrics import f1_score

    torch.set_default_dtype(torch.float64)
    torch.manual_seed(1)

    # Data: the CSV, its test split file (row indices), 20% of the rest for validation, standardized.
    data = np.loadtxt(os.path.join(a.root, "datasets/moons_n1000.csv"), delimiter=",", skiprows=1)
    x, y = data[:, :2], data[:, 2].astype(np.int64)
    test_idx = np.loadtxt(os.path.join(a.root, "datasets/splits/moons_n1000_test_idx.txt"), dtype=np.int64)
    is_test = np.zeros(len(y), dtype=bool)
    is_test[test_idx] = True
    rest = np.flatnonzero(~is_test)
    rest = rest[np.random.default_rng(7).permutation(len(rest))]
    n_val = int(round(0.2 * len(rest)))
    val_rows, train_rows = rest[:n_val], rest[n_val:]
    mean, std = x[train_rows].mean(0), x[train_rows].std(0)
    xs = torch.from_numpy((x - mean) / std)
    ys = torch.from_numpy(y)
    splits = {"train": train_rows, "validation": val_rows, "test": test_idx}
    x_train, y_train = xs[train_rows], ys[train_rows]

    model = torch.nn.Sequential(torch.nn.Linear(2, 128), torch.nn.ReLU(), torch.nn.Linear(128, 128), torch.nn.ReLU(),
                                torch.nn.Linear(128, 2))
    for m in model:
        if isinstance(m, torch.nn.Linear):
            torch.nn.init.kaiming_uniform_(m.weight, nonlinearity="relu")
            torch.nn.init.zeros_(m.bias)
    hidden_weights = [model[0].weight, model[2].weight]
    others = [model[0].bias, model[2].bias, model[4].weight, model[4].bias]
    opt = torch.optim.SGD([{"params": hidden_weights, "weight_decay": 2 * LAMBDA_KERAS},
                           {"params": others, "weight_decay": 0.0}], lr=0.05, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(1)
    n = len(train_rows)
    history = []

    def evaluate(rows):
        with torch.no_grad():
            logits = model(xs[rows])
            target = ys[rows]
            return float(loss_fn(logits, target)), float((logits.argmax(1) == target).double().mean())

    for epoch in range(1, EPOCHS + 1):
        model.train()
        perm = torch.randperm(n, generator=gen)
        for i in range(0, n, BATCH):
            idx = perm[i:i + BATCH]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x_train[idx]), y_train[idx])
            loss.backward()
            opt.step()
        model.eval()
        train_loss, train_acc = evaluate(train_rows)
        val_loss, val_acc = evaluate(val_rows)
        with torch.no_grad():
            penalty = float(LAMBDA_KERAS * sum((w * w).sum() for w in hidden_weights))
        history.append({"epoch": epoch, "train_loss": train_loss, "penalty_loss": penalty, "validation_loss": val_loss,
                        "train_accuracy": train_acc, "validation_accuracy": val_acc})

    metrics = {}
    with torch.no_grad():
        for name, rows in splits.items():
            pred = model(xs[rows]).argmax(1).numpy()
            metrics[name] = {"accuracy": float((pred == y[rows]).mean()),
                             "macro_f1": float(f1_score(y[rows], pred, average="macro"))}

    os.makedirs(a.out, exist_ok=True)
    torch.save({"state_dict": model.state_dict(), "mean": mean, "std": std}, os.path.join(a.out, "model.pt"))
    record = {"experiment": "moons-l2-keras", "framework": "pytorch", "dataset": "moons_n1000",
              "rows": {k: len(v) for k, v in splits.items()},
              "settings": {"hidden": [128, 128], "activation": "relu", "init": "he_uniform", "optimizer": "sgd",
                           "learning_rate": 0.05, "momentum": 0.9, "batch": BATCH, "epochs": EPOCHS,
                           "l2_keras_lambda": LAMBDA_KERAS, "weight_decay_hidden": 2 * LAMBDA_KERAS, "seed": 1,
                           "split_seed": 7, "threads": torch.get_num_threads()},
              "metrics": metrics, "history": history}
    with open(os.path.join(a.out, "run.json"), "w") as f:
        json.dump(record, f, indent=1)

    xt = xs[train_rows].numpy()
    lo, hi = xt.min(0) - 0.5, xt.max(0) + 0.5
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], 200), np.linspace(lo[1], hi[1], 200))
    with torch.no_grad():
        proba = torch.softmax(model(torch.from_numpy(np.c_[gx.ravel(), gy.ravel()])), 1)[:, 1].numpy()
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.contourf(gx, gy, proba.reshape(gx.shape), levels=20, cmap="RdBu", alpha=0.6)
    xtest = xs[test_idx].numpy()
    ax.scatter(xtest[:, 0], xtest[:, 1], c=y[test_idx], cmap="RdBu", edgecolors="k", s=12)
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
          f"({time.perf_counter() - t_start:.2f} s after start-up, {torch.get_num_threads()} thread(s))")


if __name__ == "__main__":
    main()
