"""One view of the game that both front ends show (terminal and desktop); no pygame here.

    from game.view import table_view, builder_view, briefing_view, why_meter
    view = table_view(session, viewer=0)        # frozen values, built from what side 0 may see

Layer: above `game.sim`/`game.match`, below `game.ui | game.terminal`.
"""

from game.view.briefing import briefing_view, source_of
from game.view.ending import deal_space, ending_view, nash_point, pareto_frontier
from game.view.log import MatchLog, draw_visible, first_decision, last_decision
from game.view.models import (
    ActorLine,
    AdvisorVerdict,
    AnswerPrediction,
    BriefingView,
    BuilderView,
    DealPoint,
    DealSpace,
    EndingView,
    IssueChoice,
    MeterView,
    MoveView,
    NewsItem,
    PackageRuleView,
    PackageView,
    ScoreLine,
    Source,
    TerritoryView,
    WhyLine,
    WhyView,
)
from game.view.moves import by_category, move_views, preview_text, why_not
from game.view.names import AUTO, BOTH, NEUTRAL, name_modes, place_name, territory_name
from game.view.news import change_text, news, why_meter
from game.view.packages import (
    LIMITS_ONLY,
    NO_DEAL_IN_REACH,
    AnswerModel,
    advisor_verdicts,
    analyse_package,
    best_joint_odds,
    builder_view,
    forbidding_rule,
    nearest_allowed,
    reach_notice,
    start_choice,
)
from game.view.table import LimitsView, TableView, table_view
from game.view.world import flags_on, meter_history, meter_views, territory_views

__all__ = [
    "AUTO",
    "BOTH",
    "LIMITS_ONLY",
    "NEUTRAL",
    "NO_DEAL_IN_REACH",
    "ActorLine",
    "AdvisorVerdict",
    "AnswerModel",
    "AnswerPrediction",
    "BriefingView",
    "BuilderView",
    "DealPoint",
    "DealSpace",
    "EndingView",
    "IssueChoice",
    "LimitsView",
    "MatchLog",
    "MeterView",
    "MoveView",
    "NewsItem",
    "PackageRuleView",
    "PackageView",
    "ScoreLine",
    "Source",
    "TableView",
    "TerritoryView",
    "WhyLine",
    "WhyView",
    "advisor_verdicts",
    "analyse_package",
    "best_joint_odds",
    "briefing_view",
    "builder_view",
    "by_category",
    "change_text",
    "deal_space",
    "draw_visible",
    "ending_view",
    "first_decision",
    "flags_on",
    "forbidding_rule",
    "last_decision",
    "meter_history",
    "meter_views",
    "move_views",
    "name_modes",
    "nash_point",
    "nearest_allowed",
    "news",
    "pareto_frontier",
    "place_name",
    "preview_text",
    "reach_notice",
    "source_of",
    "start_choice",
    "table_view",
    "territory_name",
    "territory_views",
    "why_meter",
    "why_not",
]
