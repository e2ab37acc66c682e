"""Seeded prose for the synthetic course: English words, or Chinese words written without spaces."""

from __future__ import annotations

import random

# No "lesson", "module", "course", "quiz" or "question": a heading starting with one loses its id
# (the sanitiser keeps those names for the page layout and the quiz engine), so an anchor to it breaks.
_ENGLISH = """
organisation community service public government partner volunteer resident district street committee
project budget grant tender contract report review evidence outcome output indicator baseline survey
interview meeting workshop training trainer learner session unit framework foundation collaboration
innovation action policy platform network resource demand supply need delivery quality trust
transparency accountability donor foundation fund charity campaign story media school hospital elder
child family youth worker staff leader board member director city village county province region
country plan goal target step stage phase risk problem challenge opportunity practice method tool
model case example pilot scale growth change impact value benefit cost time week month year record
data file form letter notice rule standard process role task team group circle forum hearing
neighbourhood housing care health food water safety transport library park market shop office centre
clear local early shared open small large careful regular common simple practical useful honest
public private social civic joint steady formal informal new old first second final main key
build share plan ask listen learn deliver measure improve support invite agree decide explain record
visit train serve fund review publish count compare follow map test adapt keep start finish
carefully often together slowly quickly clearly always sometimes rarely openly
"""
_CONNECTORS = """
the a an of to in for with on by from about between after before through without within
and or but so because while when where which that this these those their our its
"""
CONNECTORS = set(_CONNECTORS.split())
ENGLISH = _ENGLISH.split() + _CONNECTORS.split()

_CHINESE = """
社会组织 公共服务 社区 治理 创新 参与 政府 购买 服务 项目 志愿者 居民 协作 平台 资源 需求 评估 机制
政策 基层 街道 居委会 社工 慈善 基金会 透明 信任 合作 伙伴 能力 建设 培训 行动 方案 目标 成果 反馈
记录 调研 访谈 问卷 数据 报告 预算 资金 筹款 网络 传播 故事 案例 经验 问题 挑战 机会 风险 责任 规则
标准 流程 分工 会议 讨论 共识 决策 监督 改进 持续 长期 短期 重点 方法 工具 模式 框架 基础 范式 要点
关系 利益 相关方 企业 媒体 学校 医院 老人 儿童 家庭 青年 城市 农村 地区 地方 我们 他们 需要 应该
可以 通过 围绕 提供 发现 理解 解决 推动 支持 促进 形成 建立 明确 回应 关注 重要 有效 具体 真实 清楚
共同 更好 首先 其次 最后 因此 同时 而且 但是 如果 就是 一个 这些 每周 每月 已经 正在 继续 开始
"""
CHINESE = _CHINESE.split()


class English:
    """Sentences of English words; count is every word written so far."""

    question_mark = "?"

    def __init__(self, rng: random.Random):
        self.rng, self.count = rng, 0

    def _words(self, low: int, high: int) -> list[str]:
        chosen = [self.rng.choice(ENGLISH) for _ in range(self.rng.randint(low, high))]
        self.count += len(chosen)
        return chosen

    def phrase(self, low: int, high: int) -> str:
        chosen = self._words(low, high)
        while chosen[-1] in CONNECTORS and len(chosen) > 1:  # 'Budget and' reads badly as an option
            chosen.pop()
        return " ".join(chosen)

    def title(self, low: int, high: int) -> str:
        first, *rest = self.phrase(low, high).split()
        return " ".join([first.capitalize()] + [w if w in CONNECTORS else w.capitalize() for w in rest])

    def sentence(self, low: int = 8, high: int = 20, end: str = ".") -> str:
        chosen = self._words(low, high)
        if len(chosen) > 4 and self.rng.random() < 0.3:
            at = self.rng.randrange(1, len(chosen) - 2)
            mark = self.rng.choice(("**", "*", "`", "~~"))
            chosen[at : at + 2] = [f"{mark}{chosen[at]} {chosen[at + 1]}{mark}"]
        if len(chosen) > 6 and self.rng.random() < 0.3:
            chosen[self.rng.randrange(2, len(chosen) - 2)] += ","
        return chosen[0].capitalize() + " " + " ".join(chosen[1:]) + end

    def gap_sentence(self) -> str:
        chosen = self.sentence(6, 14).split(" ")
        chosen[self.rng.randrange(1, len(chosen))] = "____"
        return " ".join(chosen)

    def paragraph(self, link: str | None, low: int = 3, high: int = 6) -> str:
        sentences = [self.sentence() for _ in range(self.rng.randint(low, high))]
        if link:
            at = self.rng.randrange(len(sentences))
            sentences[at] = sentences[at][:-1] + f", as {link} shows."
        return " ".join(sentences)

    def distinct(self, k: int, low: int, high: int) -> list[str]:
        """k different phrases (options, items and pairs must not repeat)."""
        seen: list[str] = []
        while len(seen) < k:
            candidate = self.title(low, high)
            if candidate not in seen:
                seen.append(candidate)
        return seen


class Chinese(English):
    """The same shapes in Chinese: words without spaces, full-width punctuation."""

    question_mark = "？"

    def _words(self, low: int, high: int) -> list[str]:
        chosen = [self.rng.choice(CHINESE) for _ in range(self.rng.randint(low, high))]
        self.count += len(chosen)
        return chosen

    def phrase(self, low: int, high: int) -> str:
        return "".join(self._words(low, high))

    def title(self, low: int, high: int) -> str:
        return self.phrase(low, high)

    def sentence(self, low: int = 8, high: int = 20, end: str = "。") -> str:
        chosen = self._words(low, high)
        if len(chosen) > 4 and self.rng.random() < 0.3:
            at = self.rng.randrange(1, len(chosen) - 2)
            chosen[at] = f"**{chosen[at]}**"
        if len(chosen) > 6:
            chosen[self.rng.randrange(2, len(chosen) - 2)] += "，"
        return "".join(chosen) + ("。" if end == "." else end)

    def gap_sentence(self) -> str:
        chosen = self._words(6, 14)
        chosen.insert(self.rng.randrange(1, len(chosen)), "____")
        return "".join(chosen) + "。"

    def paragraph(self, link: str | None, low: int = 3, high: int = 6) -> str:
        sentences = [self.sentence() for _ in range(self.rng.randint(low, high))]
        if link:
            at = self.rng.randrange(len(sentences))
            sentences[at] = sentences[at][:-1] + f"，参见{link}。"
        return "".join(sentences)
