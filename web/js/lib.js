// SPDX-License-Identifier: MIT
// The one place the UI imports Preact and htm from (the vendor bundle embedded in the binary).
export {
  html, render, h, Component, createContext,
  useState, useEffect, useLayoutEffect, useRef, useMemo, useCallback, useContext, useReducer,
} from '/vendor/htm-preact.js';
