"""Files the Allure report reads besides per-test results, and results of scenarios that never started."""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import platform
import time
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from ._categories import categories_json
from ._labels import links_for, plain_labels, reference_quote
from ._records import RunInfo
from ._redact import redact


def _md5(*parts: str) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    for part in parts:
        digest.update(part.encode("utf-8"))
    return digest.hexdigest()


def write_json(path: pathlib.Path, data: Any) -> None:
    """Write atomically (a reader never sees half a file; xdist workers share the folder)."""
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def _escape(value: str) -> str:
    """A Java properties value: backslashes, line breaks and leading spaces escaped."""
    text = value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
    return "\\" + text if text.startswith(" ") else text


def environment(run: RunInfo, headline: str, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """What `environment.properties` says: the target without credentials, versions, HA, licences."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        tool = version("o2g-conformance")
    except PackageNotFoundError:  # pragma: no cover - the package is installed to run at all
        tool = "unknown"
    kind = {"emulator": "bundled emulator", "real": "real O2G"}.get(run.kind, run.kind)
    env = {
        "O2G.target": run.target,
        "O2G.target.kind": kind,
        "O2G.product.version": run.product_version,
        "O2G.api.version": run.api_version or "unknown",
        "O2G.haMode": "unknown" if run.ha_mode is None else str(run.ha_mode).lower(),
        "O2G.licence.mode": run.licence_mode,
    }
    if run.secondary:
        env["O2G.secondary"] = run.secondary
    env["O2G.verdict"] = headline
    env["o2g-conformance"] = tool
    env["Python"] = platform.python_version()
    env.update(extra or {})
    return env


def properties(env: Mapping[str, str]) -> str:
    return "".join(f"{key.replace(' ', '_')}={_escape(redact(str(value)))}\n" for key, value in env.items())


def executor(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Allure's `executor.json`: which CI (or a local run) produced the results, with its build link."""
    env = os.environ if environ is None else environ
    if env.get("GITHUB_ACTIONS"):
        server, repo, run_id = (
            env.get("GITHUB_SERVER_URL", ""),
            env.get("GITHUB_REPOSITORY", ""),
            env.get("GITHUB_RUN_ID"),
        )
        return {
            "name": "GitHub Actions",
            "type": "github",
            "buildName": f"{env.get('GITHUB_WORKFLOW', 'workflow')} #{env.get('GITHUB_RUN_NUMBER', '?')}",
            "buildUrl": f"{server}/{repo}/actions/runs/{run_id}" if run_id else None,
            "reportName": "O2G conformance",
        }
    if env.get("GITLAB_CI"):
        pipeline = env.get("CI_PIPELINE_IID") or env.get("CI_PIPELINE_ID", "?")
        return {
            "name": "GitLab CI",
            "type": "gitlab",
            "buildName": f"{env.get('CI_JOB_NAME', 'job')} #{pipeline}",
            "buildUrl": env.get("CI_PIPELINE_URL") or env.get("CI_JOB_URL"),
            "reportName": "O2G conformance",
        }
    if env.get("JENKINS_URL"):
        return {
            "name": "Jenkins",
            "type": "jenkins",
            "buildName": f"{env.get('JOB_NAME', 'job')} #{env.get('BUILD_NUMBER', '?')}",
            "buildUrl": env.get("BUILD_URL"),
            "reportName": "O2G conformance",
        }
    if env.get("CI"):
        return {
            "name": "CI",
            "type": "ci",
            "buildName": env.get("CI_JOB_ID", "CI run"),
            "reportName": "O2G conformance",
        }
    return {"name": "local run", "type": "local", "buildName": "local run", "reportName": "O2G conformance"}


def write_run_files(directory: pathlib.Path, run: RunInfo, headline: str) -> None:
    """environment.properties, executor.json and categories.json of a results folder."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "environment.properties").write_text(properties(environment(run, headline)), encoding="utf-8")
    write_json(directory / "executor.json", {k: v for k, v in executor().items() if v is not None})
    write_json(directory / "categories.json", categories_json())


def unstarted_result(
    item: Any,
    *,
    name: str,
    feature_file: str,
    title_path: list[str],
    status: str,
    message: str,
    trace: str,
    start: float,
    params: Mapping[str, str],
    reference: str | None,
) -> dict[str, Any]:
    """The Allure result of a scenario that never started, named as allure-pytest-bdd names the others.

    allure-pytest-bdd reports only scenarios whose steps began, yet a QA lead must see every scenario
    skipped as *not applicable* (or failed in setup, e.g. an unreachable target).

    Same fullName, testCaseId and historyId scheme, so the history of a scenario does not break when a
    run against an older target skips it.
    """
    full_name = f"{os.path.normpath(feature_file)}:{name}"
    case_id = _md5(full_name)
    ordered = sorted(params.items())
    history = f"{case_id}.{_md5(*(v for _, v in ordered))}"
    now_ms = int(time.time() * 1000)
    return {
        "uuid": str(uuid.uuid4()),
        "historyId": history,
        "testCaseId": case_id,
        "fullName": full_name,
        "name": name,
        "status": status,
        "statusDetails": {"message": message, **({"trace": trace} if trace else {})},
        "stage": "finished",
        "start": int(start * 1000),
        "stop": now_ms,
        "labels": [{"name": k, "value": v} for k, v in plain_labels(item)],
        "links": [{"type": "link", "url": url, "name": text} for url, text in links_for(item, reference)],
        **({} if reference else {"description": reference_quote(item)}),
        "parameters": [{"name": k, "value": v} for k, v in ordered],
        "titlePath": title_path,
    }


def write_result(directory: pathlib.Path, result: Mapping[str, Any]) -> pathlib.Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{result['uuid']}-result.json"
    write_json(path, result)
    return path


_IDS = frozenset({"uuid", "historyId", "testCaseId", "source", "type", "status", "stage"})


def _redact_tree(node: Any, known: tuple[str, ...]) -> Any:
    if isinstance(node, dict):
        return {k: v if k in _IDS else _redact_tree(v, known) for k, v in node.items()}
    if isinstance(node, list):
        return [_redact_tree(v, known) for v in node]
    return redact(node, known=known) if isinstance(node, str) else node


def sweep(directory: pathlib.Path, since: float, known: Iterable[str] = ()) -> int:
    """Redact every result and text attachment written since `since` (messages may quote a token).

    Returns how many files changed. Failure messages come from exceptions raised anywhere in the suite;
    this is the last chance to keep a credential out of a report that is shared. Identifiers (uuid,
    historyId, attachment sources) are left alone.
    """
    known = tuple(known)
    changed = 0
    for path in directory.iterdir():
        if not path.is_file() or path.stat().st_mtime < since - 1:
            continue
        is_result = path.name.endswith("-result.json")
        if not is_result and not ("-attachment" in path.name and path.suffix in (".txt", ".json", ".html")):
            continue
        try:
            text = path.read_text(encoding="utf-8")
            clean = (
                json.dumps(_redact_tree(json.loads(text), known), ensure_ascii=False)
                if is_result
                else redact(text, known=known)
            )
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        if clean != text and (not is_result or json.loads(clean) != json.loads(text)):
            path.write_text(clean, encoding="utf-8")
            changed += 1
    return changed
