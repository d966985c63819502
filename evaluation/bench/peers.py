"""The scikit-learn and PyTorch sides of the benchmark: one training, timed, as one JSON line.

Same network and settings as the Occam side (MlpTrainingBenchmark): ReLU hidden layers, minibatch
64, SGD with momentum 0.9 (not Nesterov), learning rate 0.01, L2 with scikit-learn's alpha (PyTorch:
weight_decay = alpha / batch on the hidden weights, the same gradient term), float64. The data is
loaded first; one short untimed warm-up training (--warmup-epochs) precedes the timed one.

usage: peers.py --framework sklearn|torch --data FILE --epochs N --threads T [--hidden 128,128]
"""
import argparse
import json
import os
import resource
import sys
import time
import warnings

import numpy as np


def load(path):
    raw = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64)
    return np.ascontiguousarray(raw[:, :-1]), raw[:, -1].astype(np.int64)


def run_sklearn(x, y, a):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier
    from threadpoolctl import threadpool_limits, threadpool_info

    def make(epochs):
        return MLPClassifier(hidden_layer_sizes=a.hidden, activation="relu", solver="sgd", alpha=a.alpha,
                             batch_size=a.batch, learning_rate="constant", learning_rate_init=a.lr,
                             momentum=0.9, nesterovs_momentum=False, max_iter=epochs, shuffle=True,
                             random_state=a.seed, tol=0.0, n_iter_no_change=epochs + 1, early_stopping=False)

    warnings.simplefilter("ignore", ConvergenceWarning)
    with threadpool_limits(limits=a.threads):
        if a.warmup_epochs > 0:
            make(a.warmup_epochs).fit(x, y)
        model = make(a.epochs)
        t0 = time.perf_counter()
        model.fit(x, y)
        seconds = time.perf_counter() - t0
        info = threadpool_info()
    blas = ",".join(f"{i.get('internal_api')}/{i.get('architecture')}/{i.get('num_threads')}" for i in info)
    return seconds, float((model.predict(x) == y).mean()), blas


def run_torch(x, y, a):
    import torch
    torch.set_num_threads(a.threads)
    torch.set_default_dtype(torch.float64)
    torch.manual_seed(a.seed)
    xt = torch.from_numpy(x)
    yt = torch.from_numpy(y)
    n, d = xt.shape
    classes = int(yt.max().item()) + 1

    def train(epochs):
        layers, width = [], d
        for h in a.hidden:
            layers += [torch.nn.Linear(width, h), torch.nn.ReLU()]
            width = h
        layers.append(torch.nn.Linear(width, classes))
        model = torch.nn.Sequential(*layers)
        hidden_weights = [m.weight for m in model[:-1] if isinstance(m, torch.nn.Linear)]
        hidden_ids = {id(p) for p in hidden_weights}
        others = [p for p in model.parameters() if id(p) not in hidden_ids]
        opt = torch.optim.SGD([{"params": hidden_weights, "weight_decay": a.alpha / a.batch},
                               {"params": others, "weight_decay": 0.0}], lr=a.lr, momentum=0.9)
        loss_fn = torch.nn.CrossEntropyLoss()
        gen = torch.Generator().manual_seed(a.seed)
        for _ in range(epochs):
            perm = torch.randperm(n, generator=gen)
            for i in range(0, n, a.batch):
                idx = perm[i:i + a.batch]
                opt.zero_grad(set_to_none=True)
                loss = loss_fn(model(xt[idx]), yt[idx])
                loss.backward()
                opt.step()
        return model

    if a.warmup_epochs > 0:
        train(a.warmup_epochs)
    t0 = time.perf_counter()
    model = train(a.epochs)
    seconds = time.perf_counter() - t0
    with torch.no_grad():
        acc = float((model(xt).argmax(dim=1) == yt).double().mean())
    blas = f"torch {torch.__version__}, {torch.get_num_threads()} threads"
    return seconds, acc, blas


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--framework", required=True, choices=["sklearn", "torch"])
    p.add_argument("--data", required=True)
    p.add_argument("--workload", default="")
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--hidden", default="128,128")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--alpha", type=float, default=1e-4)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--warmup-epochs", type=int, default=1)
    a = p.parse_args()
    a.hidden = tuple(int(h) for h in a.hidden.split(","))
    x, y = load(a.data)
    runner = run_sklearn if a.framework == "sklearn" else run_torch
    seconds, acc, blas = runner(x, y, a)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps({"framework": a.framework, "workload": a.workload, "threads": a.threads,
                      "backend": blas, "seconds": round(seconds, 4),
                      "samples_per_s": round(len(y) * a.epochs / seconds, 1), "rss_mib": round(rss, 1),
                      "train_accuracy": round(acc, 4)}))


if __name__ == "__main__":
    sys.exit(main())
