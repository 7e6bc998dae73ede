// Apache ECharts in React: the parts the dashboard uses (map, line, bar; canvas), one chart per
// element, the option replaced on each render, resized with its element, disposed on unmount.
import { useEffect, useRef } from 'react';
import { BarChart, LineChart, MapChart } from 'echarts/charts';
import {
  GeoComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import hezeCounties from './heze-counties.geo.json';

echarts.use([
  MapChart,
  LineChart,
  BarChart,
  GeoComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

/** The map of Heze's counties (GeoJSON of DataV.GeoAtlas, README of this folder). */
export const HEZE_MAP = 'heze-371700';
echarts.registerMap(HEZE_MAP, hezeCounties as never);
export const HEZE_FEATURES = hezeCounties.features;

export function EChart(props: {
  readonly option: echarts.EChartsCoreOption;
  readonly height: number;
  readonly testId: string;
  readonly label: string;
  /** A click on a named element (a county of the map, a bar). */
  readonly onClick?: (name: string, data: unknown) => void;
}) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const onClick = useRef(props.onClick);
  onClick.current = props.onClick;

  useEffect(() => {
    if (!element.current) return;
    const instance = echarts.init(element.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (event) => onClick.current?.(String(event.name ?? ''), event.data));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(props.option, { notMerge: true });
  }, [props.option]);

  return (
    <div
      ref={element}
      role="img"
      aria-label={props.label}
      data-testid={props.testId}
      style={{ width: '100%', height: props.height }}
    />
  );
}
