"""Issue #17 leftover: a county administrator acknowledges a re-pull alert (who, when, a note); the real
server raises the alert, the admin CLI (a subprocess, as an administrator runs it) acknowledges it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import requests

from county import service
from tests.county.helpers import County, case_op

ROOT = Path(__file__).resolve().parents[2]


def admin(county: County, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "county", "admin", "--db", county.db_url, *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)


def test_an_administrator_acknowledges_a_repull_alert(county: County) -> None:
    township = county.township()
    dev, other = county.device(township), county.device(township, "另一台")
    other.push([case_op() for _ in range(2)])
    dev.pull_all()
    thief = requests.Session()  # a copy of the token reads the whole feed again
    thief.headers.update(dev.session.headers)
    assert thief.get(dev.base + "/pull", params={"cursor": ""}, timeout=10).status_code == 200
    [alert] = json.loads(admin(county, "alerts", "--township", township, "--json").stdout)
    assert alert["kind"] == "full_repull" and alert["acknowledged_at"] is None

    no_note = admin(county, "alerts", "--ack", str(alert["id"]), "--by", "县司法局 王科长")
    assert no_note.returncode == 2 and "处理情况" in no_note.stderr
    missing = admin(county, "alerts", "--ack", "999999", "--by", "王科长", "--note", "核实")
    assert missing.returncode == 2 and "找不到" in missing.stderr
    done = admin(county, "alerts", "--ack", str(alert["id"]), "--by", "县司法局 王科长",
                 "--note", "已电话核实：窗口机重装系统后恢复数据")
    assert done.returncode == 0 and "已处理告警" in done.stdout, done.stderr
    again = admin(county, "alerts", "--ack", str(alert["id"]), "--by", "王科长", "--note", "再次")
    assert again.returncode == 2 and "已处理过" in again.stderr

    open_alerts = admin(county, "alerts", "--township", township)
    assert open_alerts.returncode == 0 and "没有未处理的告警" in open_alerts.stdout
    [kept] = service.list_alerts(county.engine, township, include_acknowledged=True)
    assert kept["acknowledged_by"] == "县司法局 王科长" and kept["ack_note"].startswith("已电话核实")
    assert kept["acknowledged_at"]
    # A new re-pull raises a new, open alert: acknowledging one does not silence the next.
    assert thief.get(dev.base + "/pull", params={"cursor": ""}, timeout=10).status_code == 200
    assert [a["id"] for a in service.list_alerts(county.engine, township)] != [alert["id"]]
    assert len(service.list_alerts(county.engine, township)) == 1
