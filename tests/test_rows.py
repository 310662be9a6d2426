"""Matrix row blocks (optim.model.rows): hand-checkable LPs solved through the solver seam (optim.solver)."""
import numpy as np
import pyomo.environ as pyo
import pytest

from optim.model.lp import LinearProgram
from optim.model.rows import RowBlock, VarArray
from optim.solver import solve

OPTS = dict(threads=1, random_seed=0, method="simplex", presolve="off", time_limit=60, log=False)


def test_var_array_positions_address_the_right_elements():
    m = pyo.ConcreteModel()
    m.A = pyo.Set(initialize=["a", "b"], ordered=True)
    m.Y = pyo.Set(initialize=[2020, 2021, 2022], ordered=True)
    m.H = pyo.Set(initialize=range(4), ordered=True)
    m.x = pyo.Var(m.A, m.Y, m.H)
    xa = VarArray(m.x)
    assert xa.shape == (2, 3, 4)
    pos = xa.positions(xa.pos(0, ["b"]), xa.pos(1, [2021]), np.array([3]))
    assert xa.elements[int(pos[0])] is m.x["b", 2021, 3]
    # every element: flat position i <-> its key
    for i, key in enumerate(m.x.keys()):
        a, y, h = np.unravel_index(i, xa.shape)
        assert key == (m.A.at(a + 1), m.Y.at(y + 1), m.H.at(h + 1))


def test_var_array_rejects_sparse_or_non_product_index():
    m = pyo.ConcreteModel()
    m.P = pyo.Set(dimen=2, initialize=[("a", 1), ("b", 2)])
    m.x = pyo.Var(m.P)
    with pytest.raises(ValueError, match="product of one-dimensional sets"):
        VarArray(m.x)


def test_block_rows_fixed_variable_to_rhs_appended_columns_and_duals():
    """min sum_i -x_i  s.t.  x_i - z <= i  (block rows, z fixed to 1),  0 <= x_i <= 10.

    Hand solution: x_i = i + 1 (rows bind below the bound 10); each row's dual is
    d(objective)/d(rhs) = -1. x appears in no Pyomo row, so the block appends its columns;
    the fixed z is a constant moved to the right-hand side.
    """
    m = pyo.ConcreteModel()
    m.I = pyo.Set(initialize=range(3), ordered=True)
    m.x = pyo.Var(m.I, bounds=(0, 10))
    m.z = pyo.Var(m.I)
    for i in m.I:
        m.z[i].fix(1.0)
    m.obj = pyo.Objective(expr=-sum(m.x[i] for i in m.I))
    lp = LinearProgram(m, inputs=None)
    b = lp.add_block(RowBlock("cap", [list(m.I)], "<=", rhs=np.arange(3.0)))
    (i,) = b.grid()
    b.add(VarArray(m.x), (i,))
    b.add(VarArray(m.z), (i,), -1.0)
    res = solve(lp, OPTS)
    assert res.optimal
    assert [m.x[i].value for i in m.I] == pytest.approx([1.0, 2.0, 3.0])
    assert res.objective == pytest.approx(-6.0)
    assert b.dual == pytest.approx(np.array([-1.0, -1.0, -1.0]))
    assert res.row_name(res.compiled.n_pyomo_rows + 2) == "cap[2]"


def test_summing_block_defines_an_annual_total():
    """t = sum_h w_h g_h with g_h <= cap_h (bounds);  max t  ->  t = sum_h w_h cap_h = 1*2 + 3*4 = 14.

    The definition row t - sum_h w_h g_h = 0 sends two elements to one row (``rows=``). Its dual
    is d(obj)/d(rhs): with rhs r, t = r + sum_h w_h g_h, so raising r by 1 raises t by 1 and
    lowers the objective (-t) by 1: dual = -1.
    """
    m = pyo.ConcreteModel()
    m.H = pyo.Set(initialize=range(2), ordered=True)
    m.g = pyo.Var(m.H, bounds=lambda m, h: (0, [2.0, 4.0][h]))
    m.t = pyo.Var(["total"])
    m.obj = pyo.Objective(expr=-m.t["total"])
    lp = LinearProgram(m, inputs=None)
    b = lp.add_block(RowBlock("total_def", [["total"]], "=="))
    b.add(VarArray(m.t), b.grid())
    h = np.arange(2)
    b.add(VarArray(m.g), (h,), -np.array([1.0, 3.0]), rows=(np.zeros(2, dtype=int),))
    res = solve(lp, OPTS)
    assert res.optimal
    assert m.t["total"].value == pytest.approx(14.0)
    assert b.dual[0] == pytest.approx(-1.0)


def test_block_and_pyomo_rows_together_keep_pyomo_duals():
    """min x + 2y  s.t.  x + y >= 3 (Pyomo row),  x <= 1 (block row)  ->  x = 1, y = 2.

    Duals: the Pyomo row's is 2 (one more unit needs one more y); the block row's is -1
    (one more unit of x replaces one y: -2 + 1).
    """
    m = pyo.ConcreteModel()
    m.K = pyo.Set(initialize=["x"], ordered=True)
    m.v = pyo.Var(m.K, within=pyo.NonNegativeReals)
    m.y = pyo.Var(within=pyo.NonNegativeReals)
    m.obj = pyo.Objective(expr=m.v["x"] + 2 * m.y)
    m.need = pyo.Constraint(expr=m.v["x"] + m.y >= 3)
    lp = LinearProgram(m, inputs=None)
    b = lp.add_block(RowBlock("xmax", [["x"]], "<=", rhs=1.0))
    b.add(VarArray(m.v), b.grid())
    res = solve(lp, OPTS)
    assert res.optimal
    assert (m.v["x"].value, m.y.value) == pytest.approx((1.0, 2.0))
    assert res.duals[m.need] == pytest.approx(2.0)
    assert b.dual[0] == pytest.approx(-1.0)
    assert len(lp.blocks) == 1


def test_duplicate_block_names_are_refused():
    lp = LinearProgram(pyo.ConcreteModel(), inputs=None)
    lp.add_block(RowBlock("a", [[0]], "<="))
    with pytest.raises(ValueError, match="declared twice"):
        lp.add_block(RowBlock("a", [[0]], "<="))
    with pytest.raises(ValueError, match="sense"):
        RowBlock("b", [[0]], "=<")
