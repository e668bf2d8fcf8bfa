import 'uplot/dist/uPlot.min.css';
import './console.css';
import { render } from 'preact';
import { ConsoleApp } from './console-app.js';

render(<ConsoleApp />, document.getElementById('root')!);
